import { describe, expect, it } from 'vitest';
import { probeComparisons } from '../../src/probe/probeComparisons';
import { probeResult as result } from './support/probeResult';
import type { LatentSkyState, PipelineRecord } from '../../src/state/store';

const outcome = (pipelineKey: string, settings: object, scores: number[]) => ({
  key: JSON.stringify([pipelineKey, 'labels', settings]),
  results: [result(scores)],
  classNames: ['a', 'b'],
  imageIds: ['1', '2'],
});
const pipelines = [{ id: 'p1' }, { id: 'p2' }] as PipelineRecord[];

describe("the store's probe comparisons", () => {
  it('pairs pipelines whose results share labels and settings, and only those', () => {
    const probe: LatentSkyState['probe'] = { p1: outcome('k1', { seeds: 3 }, [0.8, 0.9, 0.85]), p2: outcome('k2', { seeds: 3 }, [0.7, 0.72, 0.71]) };
    const [c] = probeComparisons({ probe, pipelines });
    expect(c).toMatchObject({ a: 'p1', b: 'p2', n: 3, sameImages: true });
    expect(c.meanDiff).toBeCloseTo(0.14, 12);
    // p2 still holds a result of the previous settings while p1 has been re-run: not comparable.
    expect(probeComparisons({ probe: { ...probe, p1: outcome('k1', { seeds: 4 }, [0.8, 0.9, 0.85, 0.8]) }, pipelines })).toEqual([]);
  });
});
