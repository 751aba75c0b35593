/// <reference lib="webworker" />
// Thin comlink adapter around HDBSCAN on a 2-D layout. Cancelling terminates the worker.
import * as Comlink from 'comlink';
import { hdbscan } from '../src/clusters/lib/hdbscan';

const api = {
  cluster(coords: Float32Array, options: { minClusterSize: number; minSamples: number }): Int32Array {
    const labels = hdbscan(coords, coords.length / 2, 2, options);
    return Comlink.transfer(labels, [labels.buffer as ArrayBuffer]);
  },
};

export type ClusterWorkerApi = typeof api;
Comlink.expose(api);
