import { describe, expect, it } from 'vitest';
import { boxPolygon, insidePolygon, pointsInPolygon } from '../../src/projection/lib/geometry';

describe('selection geometry', () => {
  it('points in a box and in a concave lasso', () => {
    const coords = [0, 0, 5, 5, 10, 10, 2, 8];
    expect(pointsInPolygon(coords, boxPolygon(-1, -1, 6, 6))).toEqual([0, 1]);
    // An L-shaped lasso: the point at (5, 5) sits in the notch, outside.
    const L = [0, 0, 10, 0, 10, 2, 2, 2, 2, 10, 0, 10];
    expect(insidePolygon(1, 9, L)).toBe(true);
    expect(insidePolygon(5, 5, L)).toBe(false);
    expect(pointsInPolygon(coords, [0, 0, 1, 1])).toEqual([]); // not a polygon
  });
});
