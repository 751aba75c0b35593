import { describe, expect, it } from 'vitest';
import { placeByNeighbours } from '../../src/query/lib/placement';
import { nearestByCosine, nearestToVector } from '../../src/compare/lib/neighbours';

const layout: Record<number, [number, number]> = { 0: [0, 0], 1: [10, 0], 2: [0, 10], 3: [100, 100] };
const at = (i: number) => layout[i];

describe('placing a query image by its neighbours', () => {
  it('is the inverse-distance weighted mean of the k nearest positions', () => {
    const p = placeByNeighbours(
      [
        { index: 0, distance: 0.1 },
        { index: 1, distance: 0.2 },
        { index: 2, distance: 0.2 },
        { index: 3, distance: 0.3 },
      ],
      at,
      3,
    )!;
    // weights 10, 5, 5: x = 50/20, y = 50/20
    expect(p[0]).toBeCloseTo(2.5, 4);
    expect(p[1]).toBeCloseTo(2.5, 4);
  });

  it('lands on a neighbour at distance 0, skips neighbours outside the layout, and gives nothing without any', () => {
    const p = placeByNeighbours(
      [
        { index: 1, distance: 0 },
        { index: 3, distance: 0.5 },
      ],
      at,
    )!;
    expect(p[0]).toBeCloseTo(10, 4);
    expect(p[1]).toBeCloseTo(0, 4);
    const only = placeByNeighbours(
      [
        { index: 9, distance: 0.1 },
        { index: 2, distance: 0.1 },
      ],
      at,
    )!;
    expect(only[0]).toBeCloseTo(0, 9);
    expect(only[1]).toBeCloseTo(10, 9);
    expect(placeByNeighbours([{ index: 9, distance: 0.1 }], at)).toBeUndefined();
  });
});

describe('nearest rows to a vector (cosine)', () => {
  const rows = [Float32Array.of(1, 0), null, Float32Array.of(1, 1), Float32Array.of(0, 1), Float32Array.of(-1, 0)];
  it('ranks by cosine with distances 1 − cos, skipping empty rows', () => {
    const n = nearestToVector(rows, [2, 0.1], 3);
    expect(n.map((x) => x.index)).toEqual([0, 2, 3]);
    expect(n[0].distance).toBeCloseTo(1 - 2 / Math.hypot(2, 0.1), 6);
    expect(n[1].distance).toBeCloseTo(1 - 2.1 / (Math.hypot(2, 0.1) * Math.SQRT2), 6);
  });
  it('agrees with nearestByCosine of a row', () => {
    expect(nearestByCosine(rows, 2, 4)).toEqual(nearestToVector(rows, rows[2]!, 4, 2).map((x) => x.index));
  });
});
