import * as ortWeb from 'onnxruntime-web';
import * as ortNode from 'onnxruntime-node';
import { UMAP } from 'umap-js';
import { buildKnnGraph } from './models/knnGraph';
import { createOrtTopK } from './src/core/ortTopK';
import { projectUmap, DEFAULT_UMAP } from './src/core/projection';
import { seededRandom } from './src/core/random';
import { trustworthiness } from './src/core/embeddingMetrics';
function clustered(n: number, dim: number, k: number, seed: number): Float32Array {
  const rand = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const centres = Array.from({ length: k }, () => Float32Array.from({ length: dim }, () => gauss()));
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) out[i * dim + j] = centres[i % k][j] + 0.3 * gauss();
  return out;
}
const n = Number(process.env.N ?? 10000), dim = 768;
const X = clustered(n, dim, 10, 1);
const { run } = await createOrtTopK(ortWeb as any, buildKnnGraph(), ['wasm']);
let t = performance.now(); let last = 0;
const ours = await projectUmap(X, n, dim, DEFAULT_UMAP, { topK: run, onProgress: (f) => { if (f >= 0.3 && last < 0.3) console.log('  knn done', ((performance.now() - t) / 1000).toFixed(2)); last = f; } });
console.log('ours', ((performance.now() - t) / 1000).toFixed(2), 's');
