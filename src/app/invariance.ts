import * as Comlink from 'comlink';
import { createInvarianceController } from '../compare/invariance';
import { fileOf, nextDecodeWorker } from '../images/decodePool';
import { embedWorker } from '../models/models';
import { spawnCompareWorker } from '../shared/workers';
import { getState, setState } from '../state/store';

/**
 * The app's orientation-invariance check, wired to the store and to the decode pool and model
 * workers the embedding scheduler uses; the measurement runs in a compare worker of its own, which
 * Cancel terminates.
 */
export const invariance = createInvarianceController({
  store: { getState, setState },
  prepare: (files, names, preprocessing) => nextDecodeWorker().prepare(files, names, preprocessing),
  embedder: embedWorker,
  fileOf,
  measure: (input, signal) =>
    new Promise((resolve, reject) => {
      const { api, worker } = spawnCompareWorker();
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
    }),
});
