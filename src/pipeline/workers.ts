import * as Comlink from 'comlink';
import type { CompareWorkerApi } from '../../workers/compare.worker';
import type { DecodeWorkerApi } from '../../workers/decode.worker';
import type { EmbedWorkerApi } from '../../workers/embed.worker';
import type { ProbeWorkerApi } from '../../workers/probe.worker';
import type { ProjectWorkerApi } from '../../workers/project.worker';

// Vite bundles each worker from these literal URLs.
export function spawnDecodeWorker(): Comlink.Remote<DecodeWorkerApi> {
  return Comlink.wrap(new Worker(new URL('../../workers/decode.worker.ts', import.meta.url), { type: 'module', name: 'decode' }));
}

export function spawnEmbedWorker(): { api: Comlink.Remote<EmbedWorkerApi>; worker: Worker } {
  const worker = new Worker(new URL('../../workers/embed.worker.ts', import.meta.url), { type: 'module', name: 'embed' });
  return { api: Comlink.wrap(worker), worker };
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
