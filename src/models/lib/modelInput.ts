import type { DecodedImage } from '../../images/lib/image';
import { pilResize, type Resampling } from './pilResample';

export type { Resampling } from './pilResample';

/**
 * How a model's input is made from the 8-bit cutout, as the study's image processors did it
 * (resize with Pillow, centre crop) and what is done to the features (L2). Normalisation stays in
 * `ModelInputSpec.mean/std`.
 */
export interface ModelInputRecipe {
  /**
   * 'exact': straight to size × size (Hugging Face's ViTImageProcessor, SigLIP).
   * 'shortestEdge': the shortest edge to ⌊size / cropFraction⌋, aspect ratio kept, then the
   * central size × size (BitImageProcessor of DINOv2: 256 then 224; ConvNextImageProcessor with
   * crop_pct 0.875; torchvision's Resize + CenterCrop).
   */
  resize: 'exact' | 'shortestEdge';
  /** shortestEdge only: the crop's share of the resized shortest edge (224 / 256 = 0.875). */
  cropFraction?: number;
  /** As Pillow implements it: antialiased (support widened) when downscaling. */
  resampling: Resampling;
  /** Where the crop starts when the margin is odd: Hugging Face floors it, torchvision rounds it (half to even). */
  cropOffset?: 'floor' | 'round';
  /** Divide each embedding by its L2 norm (the study's torchvision ResNet path). */
  l2Normalise?: boolean;
}

/** How a model wants its input: square size, per-channel normalisation of [0, 1] values, and the recipe. */
export interface ModelInputSpec {
  size: number;
  mean: [number, number, number];
  std: [number, number, number];
  /** Absent: one bilinear resize straight to size × size without antialiasing (the app's original path, kept for the offline default). */
  recipe?: ModelInputRecipe;
}

export const IMAGENET_NORM = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } as const satisfies Pick<ModelInputSpec, 'mean' | 'std'>;

/** The side the shortest edge is resized to before the crop. */
export function resizedEdge(size: number, recipe: ModelInputRecipe): number {
  return recipe.resize === 'shortestEdge' ? Math.trunc(size / (recipe.cropFraction ?? 1)) : size;
}

/** Python's round(): half to even, as torchvision's CenterCrop uses it. */
const roundHalfEven = (x: number) => {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
};

function centreCrop(img: DecodedImage, size: number, offset: 'floor' | 'round'): DecodedImage {
  if (img.width < size || img.height < size) throw new Error(`cannot crop ${size}×${size} from ${img.width}×${img.height}`);
  const start = (margin: number) => (offset === 'round' ? roundHalfEven(margin / 2) : Math.floor(margin / 2));
  const top = start(img.height - size);
  const left = start(img.width - size);
  const pixels = new Uint8Array(img.channels * size * size);
  for (let c = 0; c < img.channels; c++) {
    for (let y = 0; y < size; y++) {
      const from = c * img.width * img.height + (top + y) * img.width + left;
      pixels.set(img.pixels.subarray(from, from + size), c * size * size + y * size);
    }
  }
  return { width: size, height: size, channels: img.channels, pixels };
}

/**
 * The 8-bit size × size image a recipe makes of a cutout, before normalisation: Pillow's resize
 * (shortest edge as Hugging Face's get_resize_output_image_size and torchvision compute it:
 * the long edge truncated), then the centre crop.
 */
export function recipePixels(img: DecodedImage, size: number, recipe: ModelInputRecipe): DecodedImage {
  if (recipe.resize === 'exact') return pilResize(img, size, size, recipe.resampling);
  const edge = resizedEdge(size, recipe);
  const short = Math.min(img.width, img.height);
  const long = Math.trunc((edge * Math.max(img.width, img.height)) / short);
  const [w, h] = img.width <= img.height ? [edge, long] : [long, edge];
  return centreCrop(pilResize(img, w, h, recipe.resampling), size, recipe.cropOffset ?? 'floor');
}

/** (x/255 − mean) / std of an 8-bit size × size image into the batch, grey replicated to three channels. */
function writeNormalised(img: DecodedImage, spec: ModelInputSpec, out: Float32Array, index: number): void {
  const plane = spec.size * spec.size;
  const base = index * 3 * plane;
  for (let c = 0; c < 3; c++) {
    const off = img.channels === 3 ? c * plane : 0;
    for (let i = 0; i < plane; i++) out[base + c * plane + i] = (img.pixels[off + i] / 255 - spec.mean[c]) / spec.std[c];
  }
}

/** Divides each row of a row-major [n × dim] matrix by its L2 norm (rows of zeros stay zero). */
export function l2NormaliseRows(vectors: Float32Array, dim: number): void {
  for (let r = 0; r * dim < vectors.length; r++) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += vectors[r * dim + j] ** 2;
    const norm = Math.sqrt(s);
    if (norm > 0) for (let j = 0; j < dim; j++) vectors[r * dim + j] /= norm;
  }
}

/**
 * Writes one image into a NCHW float32 batch at item `index`: the recipe's Pillow resize and crop
 * when the spec has one; else (the original path) bilinear resize to size×size
 * (half-pixel centres, as torch's interpolate(align_corners=False) and OpenCV do), grey
 * replicated to three channels, then (x/255 − mean) / std.
 */
export function writeModelInput(img: DecodedImage, spec: ModelInputSpec, out: Float32Array, index: number): void {
  if (spec.recipe) {
    writeNormalised(recipePixels(img, spec.size, spec.recipe), spec, out, index);
    return;
  }
  const { size } = spec;
  const plane = size * size;
  const base = index * 3 * plane;
  const n = img.width * img.height;
  const sx = img.width / size;
  const sy = img.height / size;
  for (let y = 0; y < size; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), img.height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, img.height - 1);
    const wy = fy - y0;
    for (let x = 0; x < size; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), img.width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, img.width - 1);
      const wx = fx - x0;
      for (let c = 0; c < 3; c++) {
        const p = img.pixels;
        const off = img.channels === 3 ? c * n : 0;
        const top = p[off + y0 * img.width + x0] * (1 - wx) + p[off + y0 * img.width + x1] * wx;
        const bottom = p[off + y1 * img.width + x0] * (1 - wx) + p[off + y1 * img.width + x1] * wx;
        const v = (top * (1 - wy) + bottom * wy) / 255;
        out[base + c * plane + y * size + x] = (v - spec.mean[c]) / spec.std[c];
      }
    }
  }
}

export function makeBatch(images: readonly DecodedImage[], spec: ModelInputSpec): Float32Array {
  const out = new Float32Array(images.length * 3 * spec.size * spec.size);
  images.forEach((img, i) => writeModelInput(img, spec, out, i));
  return out;
}
