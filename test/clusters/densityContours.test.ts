import { describe, expect, it } from 'vitest';
import { CONTOUR_LEVELS, densityContours } from '../../src/clusters/lib/densityContours';
import { pointsInPolygon } from '../../src/projection/lib/geometry';
import { seededRandom } from '../../src/shared/lib/random';

/** Two Gaussian islands of 300 points each, centred at (0, 0) and (10, 4), σ = 1 (Box–Muller, seeded). */
function islands(): Float32Array {
  const random = seededRandom(3);
  const out = new Float32Array(1200);
  for (let i = 0; i < 600; i++) {
    const r = Math.sqrt(-2 * Math.log(1 - random())),
      t = 2 * Math.PI * random();
    out[2 * i] = r * Math.cos(t) + (i < 300 ? 0 : 10);
    out[2 * i + 1] = r * Math.sin(t) + (i < 300 ? 0 : 4);
  }
  return out;
}

describe('density contours', () => {
  const coords = islands();
  const rings = densityContours(coords);
  it('trace closed rings at every level, inside the layout plus a margin', () => {
    expect(new Set(rings.map((r) => r.level))).toEqual(new Set(CONTOUR_LEVELS.map((_, i) => i)));
    for (const { path } of rings) {
      expect(path.length).toBeGreaterThanOrEqual(8);
      expect([path[0], path[1]]).toEqual([path.at(-2), path.at(-1)]);
      const xs = path.filter((_, i) => i % 2 === 0),
        ys = path.filter((_, i) => i % 2 === 1);
      expect(Math.min(...xs)).toBeGreaterThan(-8);
      expect(Math.max(...xs)).toBeLessThan(18);
      expect(Math.min(...ys)).toBeGreaterThan(-8);
      expect(Math.max(...ys)).toBeLessThan(12);
    }
  });
  it('separate the two islands: the innermost level has a ring around each centre and none between them', () => {
    const inner = rings.filter((r) => r.level === CONTOUR_LEVELS.length - 1).map((r) => Array.from(r.path));
    const around = (x: number, y: number) => inner.filter((ring) => pointsInPolygon(Float32Array.of(x, y), ring).length === 1).length;
    expect(around(0, 0)).toBe(1);
    expect(around(10, 4)).toBe(1);
    expect(around(5, 2)).toBe(0);
  });
  it('outer levels enclose more of the points than inner ones', () => {
    const share = (level: number) => {
      const inside = new Set(rings.filter((r) => r.level === level).flatMap((r) => pointsInPolygon(coords, Array.from(r.path))));
      return inside.size / 600;
    };
    const shares = CONTOUR_LEVELS.map((_, l) => share(l));
    expect(shares[0]).toBeGreaterThan(0.9);
    for (let l = 1; l < shares.length; l++) expect(shares[l]).toBeLessThan(shares[l - 1]);
  });
  it('draw nothing for fewer than 3 points or points all in one place', () => {
    expect(densityContours([0, 0, 1, 1])).toEqual([]);
    expect(densityContours([2, 2, 2, 2, 2, 2, 2, 2])).toEqual([]);
  });
});
