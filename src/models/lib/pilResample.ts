/**
 * Pillow's `Image.resize` for 8-bit images, reproduced operation by operation (Pillow 9–11,
 * `libImaging/Resample.c`), because the study fed every backbone through Hugging Face image
 * processors and torchvision transforms, which resize with Pillow. What makes Pillow differ from
 * a textbook bilinear/bicubic: when downscaling, the filter's support is widened by the scale
 * factor (it antialiases), the weights are fixed-point integers with 22 fractional bits, and the
 * two passes (horizontal first) each round to 8 bits.
 */
import type { DecodedImage } from '../../images/lib/image';

export type Resampling = 'bilinear' | 'bicubic';

interface Filter {
  support: number;
  weight: (x: number) => number;
}

const FILTERS: Record<Resampling, Filter> = {
  bilinear: {
    support: 1,
    weight: (x) => {
      const t = Math.abs(x);
      return t < 1 ? 1 - t : 0;
    },
  },
  bicubic: {
    // Keys' cubic with a = −0.5, as Pillow defines it.
    support: 2,
    weight: (x) => {
      const a = -0.5;
      const t = Math.abs(x);
      if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
      if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
      return 0;
    },
  },
};

const PRECISION_BITS = 32 - 8 - 2;
const ONE = 2 ** PRECISION_BITS;

/** Per output pixel: first input index, tap count, and the fixed-point weights (Pillow's precompute_coeffs + normalize_coeffs_8bpc). */
function coefficients(inSize: number, outSize: number, filter: Filter) {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = filter.support * filterScale;
  const ksize = Math.ceil(support) * 2 + 1;
  const first = new Int32Array(outSize);
  const taps = new Int32Array(outSize);
  const weights = new Float64Array(outSize * ksize);
  const k = new Float64Array(ksize);
  for (let xx = 0; xx < outSize; xx++) {
    const centre = (xx + 0.5) * scale;
    // C's (int) truncates toward zero.
    const xmin = Math.max(Math.trunc(centre - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(centre + support + 0.5), inSize) - xmin;
    let total = 0;
    for (let x = 0; x < xmax; x++) {
      k[x] = filter.weight((x + xmin - centre + 0.5) / filterScale);
      total += k[x];
    }
    for (let x = 0; x < xmax; x++) {
      const w = total !== 0 ? k[x] / total : k[x];
      weights[xx * ksize + x] = w < 0 ? Math.trunc(-0.5 + w * ONE) : Math.trunc(0.5 + w * ONE);
    }
    first[xx] = xmin;
    taps[xx] = xmax;
  }
  return { first, taps, weights, ksize };
}

function clip8(sum: number): number {
  if (sum >= ONE * 256) return 255;
  if (sum <= 0) return 0;
  return Math.floor(sum / ONE);
}

/** One pass along rows (`horizontal`) or columns of one plane, rounding to 8 bits as Pillow does. */
function pass(src: Uint8Array, w: number, h: number, outSize: number, horizontal: boolean, filter: Filter): Uint8Array {
  const { first, taps, weights, ksize } = coefficients(horizontal ? w : h, outSize, filter);
  const ow = horizontal ? outSize : w;
  const oh = horizontal ? h : outSize;
  const out = new Uint8Array(ow * oh);
  const half = ONE / 2;
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      const o = horizontal ? x : y;
      const start = first[o];
      let sum = half;
      for (let t = 0; t < taps[o]; t++) {
        const v = horizontal ? src[y * w + start + t] : src[(start + t) * w + x];
        sum += v * weights[o * ksize + t];
      }
      out[y * ow + x] = clip8(sum);
    }
  }
  return out;
}

/** `Image.resize((width, height), resample)` of an 8-bit grey or RGB image (box = whole image, no reducing_gap). */
export function pilResize(img: DecodedImage, width: number, height: number, resampling: Resampling): DecodedImage {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
    throw new Error(`cannot resize to ${width}×${height}`);
  }
  const filter = FILTERS[resampling];
  const n = img.width * img.height;
  const pixels = new Uint8Array(img.channels * width * height);
  for (let c = 0; c < img.channels; c++) {
    let plane = img.pixels.subarray(c * n, (c + 1) * n);
    // Pillow skips a pass whose size does not change (the pass would be the identity anyway).
    if (width !== img.width) plane = pass(plane, img.width, img.height, width, true, filter);
    if (height !== img.height) plane = pass(plane, width, img.height, height, false, filter);
    pixels.set(plane, c * width * height);
  }
  return { width, height, channels: img.channels, pixels };
}
