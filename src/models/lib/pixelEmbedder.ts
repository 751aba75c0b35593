/**
 * The non-VFM reference: "embeddings" that are the image's own pixels, area-averaged to 32 × 32
 * grey. Every model is compared with it; a model that cannot beat raw pixels understands little.
 * (The probe reduces them with PCA fitted on the training split, see probe.ts.)
 */
import type { Embedder } from './embedder';
import type { DecodedImage } from '../../images/lib/image';

export const PIXEL_SIDE = 32;

/** Area average of the channel mean onto side × side cells, scaled to [0, 1]. */
export function pixelFeatures(img: DecodedImage, side = PIXEL_SIDE): Float32Array {
  const out = new Float32Array(side * side);
  const count = new Float32Array(side * side);
  const n = img.width * img.height;
  for (let y = 0; y < img.height; y++) {
    const cy = Math.min(side - 1, Math.floor((y * side) / img.height));
    for (let x = 0; x < img.width; x++) {
      const cx = Math.min(side - 1, Math.floor((x * side) / img.width));
      let v = 0;
      for (let c = 0; c < img.channels; c++) v += img.pixels[c * n + y * img.width + x];
      out[cy * side + cx] += v / img.channels / 255;
      count[cy * side + cx]++;
    }
  }
  // Images smaller than side × side leave empty cells: fill them from the nearest row above/left.
  for (let i = 0; i < out.length; i++) out[i] = count[i] ? out[i] / count[i] : i > 0 ? out[i - 1] : 0;
  return out;
}

export function createPixelEmbedder(): Embedder {
  return {
    info: {
      backend: 'js',
      inputName: 'pixels',
      outputs: [{ name: 'pixels', shape: ['n', PIXEL_SIDE * PIXEL_SIDE] }],
      output: 'pixels',
      input: { size: PIXEL_SIDE, mean: [0, 0, 0], std: [1, 1, 1] },
      fixedSize: true,
      batchSize: 64,
      fallbacks: [],
    },
    async embed(images) {
      const dim = PIXEL_SIDE * PIXEL_SIDE;
      const vectors = new Float32Array(images.length * dim);
      images.forEach((img, i) => vectors.set(pixelFeatures(img), i * dim));
      return { vectors, dim };
    },
    release: async () => undefined,
  };
}
