import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveShard, shardSlice } from '../../src/cli/shard';

describe('which shard a process runs', () => {
  it('reads --shard i/N first', () => {
    expect(resolveShard('3/16', undefined, { SLURM_ARRAY_TASK_ID: '1' })).toMatchObject({ index: 3, count: 16, source: '--shard' });
    expect(() => resolveShard('16/16', undefined, {})).toThrow(/from 0 to 15/);
    expect(() => resolveShard('3', undefined, {})).toThrow(/i\/N/);
  });
  it('reads a SLURM array task, counted from SLURM_ARRAY_TASK_MIN', () => {
    expect(resolveShard(undefined, undefined, { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '0' })).toMatchObject({
      index: 2,
      count: 4,
    });
    expect(resolveShard(undefined, undefined, { SLURM_ARRAY_TASK_ID: '8', SLURM_ARRAY_TASK_COUNT: '8', SLURM_ARRAY_TASK_MIN: '1' })).toMatchObject({
      index: 7,
      count: 8,
    });
    // A resubmission of only some tasks (--array=2,5) has a smaller COUNT: --shards says the real N.
    expect(resolveShard(undefined, '8', { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_COUNT: '2', SLURM_ARRAY_TASK_MIN: '0' })).toMatchObject({
      index: 5,
      count: 8,
    });
    expect(() => resolveShard(undefined, undefined, { SLURM_ARRAY_TASK_ID: '2' })).toThrow(/--shards N/);
  });
  it('reads a Kubernetes indexed job with --shards N', () => {
    expect(resolveShard(undefined, '10', { JOB_COMPLETION_INDEX: '9' })).toMatchObject({ index: 9, count: 10 });
    expect(() => resolveShard(undefined, undefined, { JOB_COMPLETION_INDEX: '9' })).toThrow(/--shards N/);
    expect(() => resolveShard(undefined, '4', { JOB_COMPLETION_INDEX: '4' })).toThrow(/from 0 to 3/);
  });
  it('is the whole input without any of them', () => {
    expect(resolveShard(undefined, undefined, {})).toMatchObject({ index: 0, count: 1 });
    expect(() => resolveShard(undefined, '4', {})).toThrow(/needs a shard index/);
  });
});

describe('the partition', () => {
  it('puts every input in exactly one shard, the same whatever order the inputs were listed in', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { maxLength: 60 }), fc.integer({ min: 1, max: 12 }), (paths, n) => {
        const items = paths.map((path) => ({ path }));
        const shards = Array.from({ length: n }, (_, index) => shardSlice(items, { index, count: n }).map((x) => x.path));
        const reversed = Array.from({ length: n }, (_, index) => shardSlice([...items].reverse(), { index, count: n }).map((x) => x.path));
        expect(reversed).toEqual(shards);
        expect(shards.flat()).toEqual([...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
        const sizes = shards.map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });
});
