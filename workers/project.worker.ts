/// <reference lib="webworker" />
// Thin comlink adapter around the core UMAP projection, with onnxruntime for the exact k-NN and the PCA's products.
// Cancelling terminates the worker: the layout loop is synchronous, so no message could reach it.
import * as Comlink from 'comlink';
import { KNN_GRAPH_PATH, MATMUL_GRAPH_PATH } from '../models/graphPaths';
import { jsTopK, type TopKRunner } from '../src/projection/lib/knn';
import { createOrtMatMul, createOrtTopK } from '../src/projection/lib/ortKernels';
import { jsMatMul, type MatMulRunner } from '../src/projection/lib/pca';
import { projectUmap, type UmapParams } from '../src/projection/lib/projection';
import { fetchGraph, loadOrt } from './ort';

let kernels: Promise<{ topK: TopKRunner; matMul: MatMulRunner }> | undefined;

/** onnxruntime's GEMM for the neighbour search and the PCA; plain JavaScript if it cannot load (slower, same result). */
function projectionKernels(): Promise<{ topK: TopKRunner; matMul: MatMulRunner }> {
  kernels ??= (async () => {
    try {
      const ort = await loadOrt(false);
      const [knn, product] = await Promise.all([fetchGraph(KNN_GRAPH_PATH), fetchGraph(MATMUL_GRAPH_PATH)]);
      const [topK, matMul] = await Promise.all([createOrtTopK(ort, knn), createOrtMatMul(ort, product)]);
      return { topK: topK.run, matMul: matMul.run };
    } catch (e) {
      console.warn('The projection falls back to JavaScript:', e);
      return { topK: jsTopK, matMul: jsMatMul };
    }
  })();
  return kernels;
}

const api = {
  async project(
    vectors: Float32Array,
    n: number,
    dim: number,
    params: UmapParams,
    onProgress: (f: number) => void,
    onFrame?: (coords: Float32Array) => void,
  ): Promise<Float32Array> {
    const { topK, matMul } = await projectionKernels();
    let lastFrame = 0;
    const coords = await projectUmap(vectors, n, dim, params, {
      onProgress,
      topK,
      matMul,
      // A frame at most every 200 ms: the layout animates without flooding the main thread.
      onFrame:
        onFrame &&
        ((y) => {
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
