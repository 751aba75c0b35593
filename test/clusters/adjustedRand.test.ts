import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '../../src/clusters/lib/adjustedRand';
import ref from '../fixtures/cluster-reference.json';

describe('adjusted Rand index against sklearn.metrics.adjusted_rand_score (scripts/cluster_reference.py)', () => {
  it.each(ref.ari.map((c, i) => [i, c] as const))('case %i', (_, c) => {
    expect(Math.abs(adjustedRandIndex(c.a, c.b) - c.ari)).toBeLessThanOrEqual(1e-9);
  });
  it('is symmetric, 1 for the same partition under other names, and refuses labellings of different length', () => {
    const [a, b] = [ref.ari[6].a, ref.ari[6].b];
    expect(adjustedRandIndex(a, b)).toBe(adjustedRandIndex(b, a));
    expect(
      adjustedRandIndex(
        a,
        a.map((x) => 10 - x),
      ),
    ).toBe(1);
    expect(adjustedRandIndex([], [])).toBe(1);
    expect(() => adjustedRandIndex([1, 2], [1])).toThrow(/length/);
  });
});
