import type * as Comlink from 'comlink';
import type { DecodeWorkerApi } from '../../workers/decode.worker';

export type DecodePool = ReturnType<typeof createDecodePool>;

/**
 * Decode workers: `size` of them (the app uses up to two, so one core stays free for inference),
 * spawned on first use and used round-robin.
 */
export function createDecodePool(spawnWorker: () => Comlink.Remote<DecodeWorkerApi>, size: number) {
  let pool: Comlink.Remote<DecodeWorkerApi>[] = [];
  let next = 0;
  const workers = (): Comlink.Remote<DecodeWorkerApi>[] => {
    if (pool.length === 0) pool = Array.from({ length: size }, spawnWorker);
    return pool;
  };
  return {
    workers,
    next(): Comlink.Remote<DecodeWorkerApi> {
      const all = workers();
      return all[next++ % all.length];
    },
  };
}

export type FileRegistry = ReturnType<typeof createFileRegistry>;

/** The original file of each content hash, kept so every pipeline can decode it its own way. */
export function createFileRegistry() {
  const files = new Map<string, { blob: Blob; name: string }>();
  return {
    remember(hash: string, blob: Blob, name: string): void {
      if (!files.has(hash)) files.set(hash, { blob, name });
    },
    fileOf: (hash: string) => files.get(hash),
  };
}
