import { describe, expect, it } from 'vitest';
import { alignTo } from '../../src/projection/lib/procrustes';

const transform = (pts: number[], angle: number, scale: number, dx: number, dy: number, mirror = false) =>
  Float32Array.from(
    pts.flatMap((_, i) => {
      if (i % 2) return [];
      const x = pts[i],
        y = mirror ? -pts[i + 1] : pts[i + 1];
      return [scale * (Math.cos(angle) * x - Math.sin(angle) * y) + dx, scale * (Math.sin(angle) * x + Math.cos(angle) * y) + dy];
    }),
  );

describe('Procrustes alignment', () => {
  const reference = Float32Array.from([0, 0, 1, 0, 0, 2, 3, 1, -1, -2]);
  it('undoes a rotation, scale and shift', () => {
    const moved = transform(Array.from(reference), 2.1, 3.5, 10, -4);
    Array.from(alignTo(reference, moved)).forEach((v, i) => expect(v).toBeCloseTo(reference[i], 4));
  });
  it('undoes a reflection', () => {
    const mirrored = transform(Array.from(reference), 0.7, 0.5, 1, 1, true);
    Array.from(alignTo(reference, mirrored)).forEach((v, i) => expect(v).toBeCloseTo(reference[i], 4));
  });
});
