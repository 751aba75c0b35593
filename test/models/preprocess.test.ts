import { describe, expect, it } from 'vitest';
import type { DecodedImage } from '../../src/images/lib/image';
import { fromRgba, toRgba } from '../../src/images/lib/image';
import { makeBatch, type ModelInputSpec } from '../../src/models/lib/modelInput';

const identity: ModelInputSpec = { size: 2, mean: [0, 0, 0], std: [1, 1, 1] };

describe('model input', () => {
  it('replicates grey into three channels and scales to [0, 1]', () => {
    const img: DecodedImage = { width: 2, height: 2, channels: 1, pixels: Uint8Array.from([0, 51, 102, 255]) };
    const out = makeBatch([img], identity);
    expect(Array.from(out)).toEqual(Array(3).fill([0, 0.2, 0.4, 1]).flat().map(Math.fround));
  });

  it('upsamples bilinearly with half-pixel centres (torch align_corners=False)', () => {
    const img: DecodedImage = { width: 2, height: 1, channels: 1, pixels: Uint8Array.from([0, 255]) };
    const out = makeBatch([img], { ...identity, size: 4 });
    // Output x centres map to input x = -0.25, 0.25, 0.75, 1.25 → clamped weights 0, 0.25, 0.75, 1.
    expect(Array.from(out.subarray(0, 4))).toEqual([0, 0.25, 0.75, 1]);
  });

  it('applies per-channel mean and std to RGB images, in NCHW order, batched', () => {
    const rgb: DecodedImage = { width: 1, height: 1, channels: 3, pixels: Uint8Array.from([255, 0, 51]) };
    const spec: ModelInputSpec = { size: 1, mean: [0.5, 0.5, 0.5], std: [0.5, 0.25, 0.1] };
    const out = makeBatch([rgb, rgb], spec);
    expect(out.length).toBe(6);
    expect(out[0]).toBeCloseTo(1);
    expect(out[1]).toBeCloseTo(-2);
    expect(out[2]).toBeCloseTo(-3);
    expect(Array.from(out.subarray(3))).toEqual(Array.from(out.subarray(0, 3)));
  });

  it('resizes images of very different shapes to the same input', () => {
    const thin: DecodedImage = { width: 300, height: 3, channels: 1, pixels: new Uint8Array(900).fill(255) };
    const tiny: DecodedImage = { width: 1, height: 1, channels: 1, pixels: Uint8Array.from([0]) };
    const out = makeBatch([thin, tiny], { ...identity, size: 16 });
    expect(out.length).toBe(2 * 3 * 256);
    expect(out.subarray(0, 768).every((v) => v === 1)).toBe(true);
    expect(out.subarray(768).every((v) => v === 0)).toBe(true);
  });

  it('round-trips RGBA and detects grey', () => {
    const rgba = Uint8Array.from([9, 9, 9, 255, 200, 200, 200, 255]);
    const img = fromRgba(rgba, 2, 1);
    expect(img.channels).toBe(1);
    expect(Array.from(toRgba(img))).toEqual(Array.from(rgba));
  });
});
