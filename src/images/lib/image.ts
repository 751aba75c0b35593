/**
 * A decoded cutout as the rest of the pipeline sees it: 8-bit, planar (channel-major), top row
 * first. FITS data arrive here after their display stretch, so models see the same kind of
 * image the study fed them (stretched 8-bit PNG cutouts).
 */
export interface DecodedImage {
  width: number;
  height: number;
  channels: 1 | 3;
  /** channels × height × width, values 0–255. */
  pixels: Uint8Array;
}

/** RGBA (canvas ImageData layout) to planar grey or RGB; grey when every pixel has R = G = B. */
export function fromRgba(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): DecodedImage {
  const n = width * height;
  let grey = true;
  for (let i = 0; i < n && grey; i++) {
    const r = rgba[4 * i];
    grey = r === rgba[4 * i + 1] && r === rgba[4 * i + 2];
  }
  const channels = grey ? 1 : 3;
  const pixels = new Uint8Array(channels * n);
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < n; i++) pixels[c * n + i] = rgba[4 * i + c];
  }
  return { width, height, channels, pixels };
}

/** Planar to RGBA for drawing on a canvas (grey is replicated). */
export function toRgba(img: DecodedImage): Uint8ClampedArray {
  const n = img.width * img.height;
  const out = new Uint8ClampedArray(4 * n);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) out[4 * i + c] = img.pixels[(img.channels === 3 ? c * n : 0) + i];
    out[4 * i + 3] = 255;
  }
  return out;
}
