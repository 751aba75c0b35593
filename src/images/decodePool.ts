import type * as Comlink from 'comlink';
import type { DecodeWorkerApi } from '../../workers/decode.worker';
import { spawnDecodeWorker } from '../shared/workers';

/** Decode workers: up to two (one core stays free for inference), spawned on first use, used round-robin. */
const SIZE = Math.max(1, Math.min(2, (navigator.hardwareConcurrency || 2) - 1));
let pool: Comlink.Remote<DecodeWorkerApi>[] = [];
let next = 0;

export function decodeWorkers(): Comlink.Remote<DecodeWorkerApi>[] {
  if (pool.length === 0) pool = Array.from({ length: SIZE }, spawnDecodeWorker);
  return pool;
}

export function nextDecodeWorker(): Comlink.Remote<DecodeWorkerApi> {
  const workers = decodeWorkers();
  return workers[next++ % workers.length];
}

/** The original file of each content hash, kept so every pipeline can decode it its own way. */
const files = new Map<string, { blob: Blob; name: string }>();

export const rememberFile = (hash: string, blob: Blob, name: string) => {
  if (!files.has(hash)) files.set(hash, { blob, name });
};
export const fileOf = (hash: string) => files.get(hash);
