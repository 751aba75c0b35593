import * as Comlink from 'comlink';
import type { InvarianceInput, InvarianceResult } from '../compare/lib/invariance';
import type { spawnCompareWorker } from '../shared/workers';

/**
 * The invariance measurement in a compare worker of its own, which an abort terminates (the
 * neighbour search and the probe's fits are not interruptible any other way).
 */
export function measureInWorker(spawn: typeof spawnCompareWorker, input: InvarianceInput, signal: AbortSignal): Promise<InvarianceResult> {
  return new Promise((resolve, reject) => {
    const { api, worker } = spawn();
    const stop = () => {
      worker.terminate();
      reject(new Error('cancelled'));
    };
    signal.addEventListener('abort', stop, { once: true });
    const buffers = [input.X, input.labels, ...input.copies].map((a) => a.buffer as ArrayBuffer);
    api
      .invariance(Comlink.transfer(input, buffers))
      .then(resolve, reject)
      .finally(() => {
        signal.removeEventListener('abort', stop);
        worker.terminate();
      });
  });
}
