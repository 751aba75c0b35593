/** `embed --thumbnails N`: the app's display thumbnail of a decoded image, as PNG bytes (fast-png). */
import { encode } from 'fast-png';
import type { RawImage } from '../preprocessing/lib/preprocessing';
import { thumbnailPixels } from '../preprocessing/lib/thumbnail';

export function thumbnailPng(raw: RawImage, side: number): Uint8Array {
  const img = thumbnailPixels(raw, side);
  const n = img.width * img.height;
  // fast-png takes interleaved samples; DecodedImage is planar.
  const data = new Uint8Array(img.channels * n);
  for (let c = 0; c < img.channels; c++) for (let i = 0; i < n; i++) data[i * img.channels + c] = img.pixels[c * n + i];
  return encode({ width: img.width, height: img.height, data, channels: img.channels, depth: 8 });
}
