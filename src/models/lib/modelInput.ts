import type { DecodedImage } from '../../images/lib/image';

/** How a model wants its input: square size, and per-channel normalisation of [0, 1] values. */
export interface ModelInputSpec {
  size: number;
  mean: [number, number, number];
  std: [number, number, number];
}

export const IMAGENET_NORM = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } as const satisfies Pick<
  ModelInputSpec, 'mean' | 'std'
>;

/**
 * Writes one image into a NCHW float32 batch at item `index`: bilinear resize to size×size
 * (half-pixel centres, as torch's interpolate(align_corners=False) and OpenCV do), grey
 * replicated to three channels, then (x/255 − mean) / std.
 */
export function writeModelInput(img: DecodedImage, spec: ModelInputSpec, out: Float32Array, index: number): void {
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
