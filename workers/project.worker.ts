/// <reference lib="webworker" />
// Thin comlink adapter around the core UMAP projection. Cancelling terminates the worker:
// the optimisation loop is synchronous, so no message could reach it mid-run.
import * as Comlink from 'comlink';
import { projectUmap, type UmapParams } from '../src/core/projection';

const api = {
  project(vectors: Float32Array, n: number, dim: number, params: UmapParams, onProgress: (f: number) => void): Float32Array {
    const coords = projectUmap(vectors, n, dim, params, { onProgress });
    return Comlink.transfer(coords, [coords.buffer as ArrayBuffer]);
  },
};

export type ProjectWorkerApi = typeof api;
Comlink.expose(api);
