/**
 * The CLI's RasterDecoder (the browser uses createImageBitmap): PNG with fast-png, JPEG with
 * jpeg-js, both pure JavaScript, so nothing native beyond onnxruntime-node is needed. Returns
 * 8-bit RGBA like a canvas; an image larger than the requested size is area-averaged down to it
 * (the browser's resize is the platform's "high" quality filter, so images over the decode limit
 * can differ slightly between the two; cutouts under 1024 px are not resized by either).
 */
import { convertIndexedToRgb, decode as decodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import type { RasterDecoder } from '../images/lib/decode';

function pngRgba(bytes: Uint8Array): { rgba: Uint8Array; width: number; height: number } {
  const png = decodePng(bytes);
  const { width, height, depth } = png;
  const n = width * height;
  const rgba = new Uint8Array(4 * n);
  if (png.palette) {
    const rgb = convertIndexedToRgb(png);
    const k = rgb.length / n;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < 3; c++) rgba[4 * i + c] = rgb[k * i + c];
      rgba[4 * i + 3] = k === 4 ? rgb[4 * i + 3] : 255;
    }
    return { rgba, width, height };
  }
  const channels = png.channels;
  // Rows are byte-aligned; below 8 bits several samples share a byte.
  const rowBits = Math.ceil((depth * channels * width) / 8) * 8;
  const max = 2 ** depth - 1;
  const sample = (x: number, y: number, c: number): number => {
    if (depth === 16) return png.data[(y * width + x) * channels + c] >> 8;
    if (depth === 8) return png.data[(y * width + x) * channels + c];
    const bit = y * rowBits + (x * channels + c) * depth;
    const byte = png.data[bit >> 3];
    return Math.round((((byte >> (8 - depth - (bit & 7))) & max) * 255) / max);
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      for (let c = 0; c < 3; c++) rgba[4 * i + c] = sample(x, y, channels <= 2 ? 0 : c);
      rgba[4 * i + 3] = channels === 2 || channels === 4 ? sample(x, y, channels - 1) : 255;
    }
  }
  return { rgba, width, height };
}

/** Box-filter downsampling of RGBA to width × height (only ever shrinks). */
export function shrinkRgba(src: Uint8Array, sw: number, sh: number, width: number, height: number): Uint8Array {
  const out = new Uint8Array(4 * width * height);
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor((y * sh) / height);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * sh) / height));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor((x * sw) / width);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * sw) / width));
      const sum = [0, 0, 0, 0];
      for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) for (let c = 0; c < 4; c++) sum[c] += src[4 * (yy * sw + xx) + c];
      const count = (y1 - y0) * (x1 - x0);
      for (let c = 0; c < 4; c++) out[4 * (y * width + x) + c] = Math.round(sum[c] / count);
    }
  }
  return out;
}

export const nodeRasterDecoder: RasterDecoder = async (bytes, kind, size) => {
  const full =
    kind === 'png'
      ? pngRgba(bytes)
      : (() => {
          const j = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
          return { rgba: j.data as Uint8Array, width: j.width, height: j.height };
        })();
  if (full.width === size.width && full.height === size.height) return full;
  return { rgba: shrinkRgba(full.rgba, full.width, full.height, size.width, size.height), width: size.width, height: size.height };
};
