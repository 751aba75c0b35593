/**
 * Which slice of the input this process embeds. The partition is deterministic: inputs are sorted
 * by their relative path (plain code-unit order, the same on every machine and locale) and shard
 * i of N takes the contiguous range [⌊i·M/N⌋, ⌊(i+1)·M/N⌋). Contiguous ranges keep a shard's files
 * together on disk, and concatenating the parts in shard order gives the sorted input back.
 */
export interface Shard {
  index: number;
  count: number;
  /** Where the numbers came from, printed at start so a batch log says what ran. */
  source: string;
}

const int = (s: string | undefined) => (s !== undefined && /^\d+$/.test(s.trim()) ? Number(s.trim()) : undefined);

function checked(index: number | undefined, count: number | undefined, source: string): Shard {
  if (count === undefined || count < 1) throw new Error(`${source}: the number of shards must be a whole number ≥ 1`);
  if (index === undefined || index >= count) throw new Error(`${source}: the shard index must be a whole number from 0 to ${count - 1}`);
  return { index, count, source };
}

/**
 * `--shard i/N`, else SLURM's array variables (the index is counted from SLURM_ARRAY_TASK_MIN, so
 * `--array=1-8` works too), else a Kubernetes Indexed Job's JOB_COMPLETION_INDEX with `--shards N`,
 * else the whole input as one shard.
 */
export function resolveShard(flag: string | undefined, shards: string | undefined, env: Record<string, string | undefined>): Shard {
  if (flag !== undefined) {
    const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(flag);
    if (!m) throw new Error(`--shard must look like i/N (for example 3/16), not "${flag}"`);
    return checked(Number(m[1]), Number(m[2]), '--shard');
  }
  if (env.SLURM_ARRAY_TASK_ID !== undefined) {
    const id = int(env.SLURM_ARRAY_TASK_ID);
    const min = int(env.SLURM_ARRAY_TASK_MIN) ?? 0;
    const count = int(shards) ?? int(env.SLURM_ARRAY_TASK_COUNT);
    if (count === undefined) throw new Error('SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not: pass --shards N');
    return checked(id === undefined ? undefined : id - min, count, 'SLURM array task');
  }
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    if (shards === undefined) throw new Error("JOB_COMPLETION_INDEX is set: pass --shards N (the Job's completions)");
    return checked(int(env.JOB_COMPLETION_INDEX), int(shards), 'Kubernetes indexed job');
  }
  if (shards !== undefined && int(shards) !== 1) throw new Error('--shards N needs a shard index: --shard i/N, a SLURM array task or JOB_COMPLETION_INDEX');
  return { index: 0, count: 1, source: 'whole input' };
}

/** The sorted input's slice for one shard. */
export function shardSlice<T extends { path: string }>(items: readonly T[], shard: Pick<Shard, 'index' | 'count'>): T[] {
  const sorted = [...items].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const m = sorted.length;
  return sorted.slice(Math.floor((shard.index * m) / shard.count), Math.floor(((shard.index + 1) * m) / shard.count));
}

export const partName = (s: Pick<Shard, 'index' | 'count'>) => `part-${s.index}-of-${s.count}`;
export const PART_PATTERN = /^part-(\d+)-of-(\d+)\.parquet$/;
