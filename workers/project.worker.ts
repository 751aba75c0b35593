/// <reference lib="webworker" />
// Thin comlink adapter around the core UMAP projection, with onnxruntime for the exact k-NN.
// Cancelling terminates the worker: the layout loop is synchronous, so no message could reach it.
import * as Comlink from 'comlink';
import { KNN_GRAPH_PATH } from '../models/knnGraph';
import { jsTopK, type TopKRunner } from '../src/core/knn';
import { createOrtTopK } from '../src/core/ortTopK';
import { projectUmap, type UmapParams } from '../src/core/projection';
import { loadOrt } from './ort';

let topK: Promise<{ runner: TopKRunner; engine: string }> | undefined;

/** onnxruntime's GEMM for the neighbour search; plain JavaScript if it cannot load (slower, same result). */
function neighbourSearch(): Promise<{ runner: TopKRunner; engine: string }> {
  topK ??= (async () => {
    try {
      const ort = await loadOrt(false);
      const response = await fetch(`${import.meta.env.BASE_URL}${KNN_GRAPH_PATH}`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const { run } = await createOrtTopK(ort, new Uint8Array(await response.arrayBuffer()));
      return { runner: run, engine: 'onnxruntime-web (WASM)' };
    } catch (e) {
      console.warn('k-NN falls back to JavaScript:', e);
      return { runner: jsTopK, engine: 'JavaScript' };
    }
  })();
  return topK;
}

const api = {
  async project(vectors: Float32Array, n: number, dim: number, params: UmapParams, onProgress: (f: number) => void, onFrame?: (coords: Float32Array) => void): Promise<Float32Array> {
    const { runner } = await neighbourSearch();
    let lastFrame = 0;
    const coords = await projectUmap(vectors, n, dim, params, {
      onProgress,
      topK: runner,
      // A frame at most every 200 ms: the layout animates without flooding the main thread.
      onFrame: onFrame && ((y) => {
        if (performance.now() - lastFrame < 200) return;
        lastFrame = performance.now();
        const copy = y.slice();
        onFrame(Comlink.transfer(copy, [copy.buffer]));
      }),
    });
    return Comlink.transfer(coords, [coords.buffer as ArrayBuffer]);
  },
};

export type ProjectWorkerApi = typeof api;
Comlink.expose(api);
