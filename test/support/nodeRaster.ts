import { decode } from 'fast-png';
import type { RasterDecoder } from '../../src/images/lib/decode';

/** Node stand-in for the browser's createImageBitmap: PNG only, no resizing (tests use small images). */
export const nodeRaster: RasterDecoder = async (bytes, kind) => {
  if (kind !== 'png') throw new Error('only PNG in Node tests');
  const png = decode(bytes);
  const n = png.width * png.height;
  const rgba = new Uint8Array(4 * n);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) rgba[4 * i + c] = png.data[i * png.channels + (png.channels >= 3 ? c : 0)];
    rgba[4 * i + 3] = 255;
  }
  return { rgba, width: png.width, height: png.height };
};
