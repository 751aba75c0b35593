import { describe, expect, it } from 'vitest';
import { decOfY, niceTicks, raOfX, skyPlane, tickLabel } from '../../src/sky/lib/skyPlane';

describe('the sky as a plane', () => {
  it('puts RA increasing to the left and north up (x = −RA, y = −Dec on a y-down plot)', () => {
    const { coords, wrapBelow } = skyPlane([
      { ra: 10, dec: -9 },
      { ra: 20, dec: 5 },
      { ra: 150, dec: 40 },
    ]);
    expect(wrapBelow).toBe(0);
    expect(Array.from(coords)).toEqual([-10, 9, -20, -5, -150, -40]);
    // Larger RA is further left; larger Dec is higher (smaller y).
    expect(coords[2]).toBeLessThan(coords[0]);
    expect(coords[3]).toBeLessThan(coords[1]);
    expect(raOfX(coords[4])).toBe(150);
    expect(decOfY(coords[5])).toBe(40);
  });

  it('keeps a field across RA 0° together', () => {
    const { coords, wrapBelow } = skyPlane([
      { ra: 359.9, dec: 0 },
      { ra: 0.1, dec: 0 },
      { ra: 0.3, dec: 1 },
    ]);
    expect(wrapBelow).toBeCloseTo(359.9, 9);
    expect(Array.from(coords.filter((_, i) => i % 2 === 0)).map((x) => -x)).toEqual([359.9, 360.1, 360.3].map(Math.fround));
    expect(raOfX(coords[2])).toBeCloseTo(0.1, 4);
  });

  it('makes round ticks and labels them with the decimals the step needs', () => {
    expect(niceTicks(0.3, 16.4, 5)).toEqual([5, 10, 15]);
    expect(niceTicks(-9.7, -8.1, 4)).toEqual([-9.5, -9, -8.5]);
    expect(niceTicks(1, 1, 5)).toEqual([]);
    expect(tickLabel(-9.5, 0.5)).toBe('-9.5');
    expect(tickLabel(10, 5)).toBe('10');
    expect(tickLabel(0.25, 0.05)).toBe('0.25');
  });
});
