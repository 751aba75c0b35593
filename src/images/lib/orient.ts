/**
 * A cutout turned on the sky: the rotations by 90°, 180° and 270° and the mirror image of a decoded
 * (planar, 8-bit) image, exactly, pixel for pixel. The sky has no "up", so a model that understands
 * galaxies should give nearly the same embedding for each (src/compare/lib/invariance.ts measures it).
 */
import type { DecodedImage } from './image';

/** Counter-clockwise rotations, as numpy.rot90(a, k); the mirror image is numpy.fliplr (left ↔ right). */
export type Orientation = 'rot90' | 'rot180' | 'rot270' | 'mirror';

export const ORIENTATIONS: readonly Orientation[] = ['rot90', 'rot180', 'rot270', 'mirror'];

export const ORIENTATION_LABELS: Record<Orientation, string> = { rot90: '90°', rot180: '180°', rot270: '270°', mirror: 'mirror' };

/** The image turned: pixel (row r, column c) of the result is the source pixel `from(r, c)` returns, per channel. */
export function orientImage(img: DecodedImage, orientation: Orientation): DecodedImage {
  const { width: w, height: h, channels } = img;
  const swaps = orientation === 'rot90' || orientation === 'rot270';
  const outW = swaps ? h : w;
  const outH = swaps ? w : h;
  // Source offset (row-major, within one channel plane) of the result's pixel (r, c).
  const from: (r: number, c: number) => number =
    orientation === 'rot90'
      ? (r, c) => c * w + (w - 1 - r)
      : orientation === 'rot180'
        ? (r, c) => (h - 1 - r) * w + (w - 1 - c)
        : orientation === 'rot270'
          ? (r, c) => (h - 1 - c) * w + r
          : (r, c) => r * w + (w - 1 - c);
  const plane = w * h;
  const pixels = new Uint8Array(img.pixels.length);
  for (let ch = 0; ch < channels; ch++) {
    const base = ch * plane;
    for (let r = 0; r < outH; r++) for (let c = 0; c < outW; c++) pixels[base + r * outW + c] = img.pixels[base + from(r, c)];
  }
  return { width: outW, height: outH, channels, pixels };
}
