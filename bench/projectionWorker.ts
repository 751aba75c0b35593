/**
 * Runs one Latent Sky projection in a fresh worker thread, as the app runs each projection in a
 * fresh web worker. In one long-lived thread, V8 runs the layout loop ~40 % slower on every call
 * after the first (measured: 10.7 s, then 15.4 s, for the same 10k layout), which a benchmark
 * that calls it repeatedly would otherwise charge to Latent Sky.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as ortWeb from 'onnxruntime-web';
import { buildKnnGraph, buildMatMulGraph } from '../models/build/knnGraph';
import type { OrtModule } from '../src/models/lib/embedder';
import type { KnnGraph } from '../src/projection/lib/knn';
import { createOrtMatMul, createOrtTopK } from '../src/projection/lib/ortKernels';
import { DEFAULT_UMAP, projectUmap } from '../src/projection/lib/projection';

const { data, n, dim, searchDims } = workerData as { data: Float32Array; n: number; dim: number; searchDims?: number };
ortWeb.env.wasm.numThreads = 2; // as the app's worker does on a 2-core, cross-origin-isolated page
const { run: topK } = await createOrtTopK(ortWeb as unknown as OrtModule, buildKnnGraph());
const { run: matMul } = await createOrtMatMul(ortWeb as unknown as OrtModule, buildMatMulGraph());
let knn: KnnGraph | undefined;
const start = performance.now();
const y = await projectUmap(data, n, dim, DEFAULT_UMAP, { topK, matMul, searchDims, onNeighbours: (g) => (knn = g) });
parentPort!.postMessage({ y, indices: knn!.indices, k: knn!.k, seconds: (performance.now() - start) / 1000 });
