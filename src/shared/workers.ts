import * as Comlink from 'comlink';
import type { ClusterWorkerApi } from '../../workers/cluster.worker';
import type { CompareWorkerApi } from '../../workers/compare.worker';
import type { DatasetWorkerApi } from '../../workers/dataset.worker';
import type { DatasetReader } from '../embeddings/datasetOpener';
import type { DecodeWorkerApi } from '../../workers/decode.worker';
import type { EmbedWorkerApi } from '../../workers/embed.worker';
import type { ProbeWorkerApi } from '../../workers/probe.worker';
import type { ProjectWorkerApi } from '../../workers/project.worker';

// Vite bundles each worker from these literal URLs.
export function spawnDecodeWorker(): Comlink.Remote<DecodeWorkerApi> {
  return Comlink.wrap(new Worker(new URL('../../workers/decode.worker.ts', import.meta.url), { type: 'module', name: 'decode' }));
}

/** What a model's card says when its worker is gone. */
export const WORKER_DIED = "the model's worker stopped (out of memory or crashed) — Retry reloads it";

/** The rejection of calls to a worker that died; the scheduler tells it from a model's own errors. */
export class WorkerDiedError extends Error {
  override name = 'WorkerDiedError';
}

export interface EmbedWorkerHandle {
  api: Comlink.Remote<EmbedWorkerApi>;
  worker: Worker;
  /**
   * Runs a call to the worker that rejects with a WorkerDiedError if the worker dies: comlink's
   * calls to a dead worker would otherwise never settle.
   */
  call<T>(work: (api: Comlink.Remote<EmbedWorkerApi>) => Promise<T>): Promise<T>;
  /** Ends the worker on purpose (not reported as a death). */
  terminate(): void;
}

const uniqueId = () => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);

/**
 * A model's embed worker, with death detection and no timers. The worker takes a Web Lock under a
 * name of its own as soon as it starts and never lets it go; the main thread then asks for the
 * same lock, which the browser grants only once the worker is gone (closed, crashed, killed for
 * memory). The worker's `error` event (a script that fails to load, an uncaught error) counts as
 * a death too. `onDeath` is called once; calls in flight and later calls reject.
 * `label` names the worker (`embed:<label>`), which tells the workers apart in devtools and tests.
 */
export function spawnEmbedWorker(label: string, onDeath: (reason: string) => void): EmbedWorkerHandle {
  const worker = new Worker(new URL('../../workers/embed.worker.ts', import.meta.url), { type: 'module', name: `embed:${label}` });
  const api = Comlink.wrap<EmbedWorkerApi>(worker);
  let over = false;
  let reject!: (e: Error) => void;
  const dead = new Promise<never>((_, r) => (reject = r));
  dead.catch(() => undefined);
  const die = (reason: string) => {
    if (over) return;
    over = true;
    worker.terminate();
    reject(new WorkerDiedError(reason));
    onDeath(reason);
  };
  const call = <T>(work: (a: Comlink.Remote<EmbedWorkerApi>) => Promise<T>): Promise<T> =>
    over ? Promise.reject(new WorkerDiedError(WORKER_DIED)) : Promise.race([work(api), dead]);
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    die(e.message ? `${WORKER_DIED} (${e.message})` : WORKER_DIED);
  });
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (locks) {
    const name = `latent-sky-embed-${uniqueId()}`;
    // Once the worker holds the lock, our request waits until the worker no longer exists.
    call((a) => a.holdLock(name))
      .then(() => locks.request(name, () => die(WORKER_DIED)))
      .catch(() => undefined);
  }
  return {
    api,
    worker,
    call,
    terminate() {
      over = true;
      worker.terminate();
    },
  };
}

export function spawnProjectWorker(): { api: Comlink.Remote<ProjectWorkerApi>; worker: Worker } {
  const worker = new Worker(new URL('../../workers/project.worker.ts', import.meta.url), { type: 'module', name: 'project' });
  return { api: Comlink.wrap(worker), worker };
}

export function spawnProbeWorker(): { api: Comlink.Remote<ProbeWorkerApi>; worker: Worker } {
  const worker = new Worker(new URL('../../workers/probe.worker.ts', import.meta.url), { type: 'module', name: 'probe' });
  return { api: Comlink.wrap(worker), worker };
}

export function spawnCompareWorker(): { api: Comlink.Remote<CompareWorkerApi>; worker: Worker } {
  const worker = new Worker(new URL('../../workers/compare.worker.ts', import.meta.url), { type: 'module', name: 'compare' });
  return { api: Comlink.wrap(worker), worker };
}

/** Clusters a layout in a worker of its own, ended when it is done or aborted. */
export function clusterInWorker(coords: Float32Array, options: { minClusterSize: number; minSamples: number }, signal: AbortSignal): Promise<Int32Array> {
  const worker = new Worker(new URL('../../workers/cluster.worker.ts', import.meta.url), { type: 'module', name: 'cluster' });
  const api = Comlink.wrap<ClusterWorkerApi>(worker);
  return new Promise<Int32Array>((resolve, reject) => {
    signal.addEventListener('abort', () => reject(new DOMException('clustering cancelled', 'AbortError')));
    api.cluster(Comlink.transfer(coords, [coords.buffer as ArrayBuffer]), options).then(resolve, reject);
  }).finally(() => worker.terminate());
}

/**
 * A dataset file opened for reading in a worker of its own (workers/dataset.worker.ts); `close`
 * terminates the worker, which cancels whatever it is reading.
 */
export async function openDatasetReader(file: Blob): Promise<DatasetReader> {
  const worker = new Worker(new URL('../../workers/dataset.worker.ts', import.meta.url), { type: 'module', name: 'dataset' });
  try {
    const opened = await Comlink.wrap<DatasetWorkerApi>(worker).open(file);
    return {
      columns: (budget, onProgress) => opened.columns(budget, Comlink.proxy(onProgress)),
      embedding: (onProgress, rows) => opened.embedding(Comlink.proxy(onProgress), rows),
      neighbours: (onProgress) => opened.neighbours(Comlink.proxy(onProgress)),
      close: () => worker.terminate(),
    };
  } catch (e) {
    worker.terminate();
    throw e;
  }
}
