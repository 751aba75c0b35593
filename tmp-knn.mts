import * as ortWeb from 'onnxruntime-web';
import * as ortNode from 'onnxruntime-node';
import { UMAP } from 'umap-js';
import { buildKnnGraph } from './models/knnGraph';
import { createOrtTopK } from './src/core/ortTopK';
import { exactKnn, normaliseRows, jsTopK, knnRecall } from './src/core/knn';
import { seededRandom } from './src/core/random';
function clustered(n: number, dim: number, k: number, seed: number): Float32Array {
  const rand = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const centres = Array.from({ length: k }, () => Float32Array.from({ length: dim }, () => gauss()));
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) out[i * dim + j] = centres[i % k][j] + 0.3 * gauss();
  return out;
}
const n = Number(process.env.N ?? 10000), dim = 768;
const X = normaliseRows(clustered(n, dim, 10, 1), n, dim);
ortWeb.env.wasm.numThreads = 2;
const graph = buildKnnGraph();
for (const [name, ort] of [['web-wasm', ortWeb], ['node', ortNode]] as const) {
  const { run } = await createOrtTopK(ort as any, graph, name === 'node' ? ['cpu'] : ['wasm']);
  let t = performance.now();
  const g = await exactKnn(X, n, dim, 15, run);
  console.log(name, 'knn', ((performance.now() - t) / 1000).toFixed(2), 's', Array.from(g.indices.slice(0, 5)), Array.from(g.distances.slice(0, 3)));
}
const { run } = await createOrtTopK(ortWeb as any, graph, ['wasm']);
const g = await exactKnn(X, n, dim, 15, run);
const small = await exactKnn(X.subarray(0, 300 * dim), 300, dim, 15, jsTopK);
const small2 = await exactKnn(X.subarray(0, 300 * dim), 300, dim, 15, run);
console.log('js vs ort recall (300):', knnRecall(small2, small, 300));
const rows = Array.from({ length: n }, (_, i) => Array.from(X.subarray(i * dim, (i + 1) * dim)));
const umap = new UMAP({ nComponents: 2, nNeighbors: 15, minDist: 0.1, random: seededRandom(42) });
umap.setPrecomputedKNN(Array.from({ length: n }, (_, i) => Array.from(g.indices.subarray(i * 15, i * 15 + 15))), Array.from({ length: n }, (_, i) => Array.from(g.distances.subarray(i * 15, i * 15 + 15))));
let t = performance.now();
const epochs = umap.initializeFit(rows);
console.log('initializeFit', ((performance.now() - t) / 1000).toFixed(2), 's, epochs', epochs);
t = performance.now();
for (let e = 0; e < epochs; e++) umap.step();
console.log('epochs', ((performance.now() - t) / 1000).toFixed(2), 's');
