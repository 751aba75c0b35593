import { describe, expect, it } from 'vitest';
import { seededSample } from '../../src/shared/lib/random';

describe('seededSample', () => {
  it('draws distinct indices in ascending order, the same for the same seed', () => {
    const a = seededSample(1000, 50, 3);
    expect(a).toHaveLength(50);
    expect(new Set(a).size).toBe(50);
    expect(a).toEqual([...a].sort((x, y) => x - y));
    expect(a.every((i) => i >= 0 && i < 1000)).toBe(true);
    expect(seededSample(1000, 50, 3)).toEqual(a);
    expect(seededSample(1000, 50, 4)).not.toEqual(a);
  });
  it('takes every index when there are no more than asked for', () => {
    expect(seededSample(5, 5, 0)).toEqual([0, 1, 2, 3, 4]);
    expect(seededSample(3, 10, 0)).toEqual([0, 1, 2]);
  });
});
