import * as ortWeb from 'onnxruntime-web';
import { buildKnnGraph } from './models/knnGraph';
import { createOrtTopK } from './src/core/ortTopK';
import { exactKnn, normaliseRows } from './src/core/knn';
import { fuzzyGraph, optimiseLayout, pcaInit } from './src/core/umapLayout';
import { seededRandom } from './src/core/random';
function clustered(n: number, dim: number, k: number, seed: number): Float32Array {
  const rand = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const centres = Array.from({ length: k }, () => Float32Array.from({ length: dim }, () => gauss()));
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) out[i * dim + j] = centres[i % k][j] + 0.3 * gauss();
  return out;
}
const n = 10000, dim = 768;
const X = normaliseRows(clustered(n, dim, 10, 1), n, dim);
ortWeb.env.wasm.numThreads = Number(process.env.THREADS ?? 1);
const T = () => performance.now();
let t = T();
const { run } = await createOrtTopK(ortWeb as any, buildKnnGraph(), ['wasm']);
const knn = await exactKnn(X, n, dim, 15, run);
console.log('knn', ((T() - t) / 1000).toFixed(2)); t = T();
const g = fuzzyGraph(knn, n);
console.log('fuzzy', ((T() - t) / 1000).toFixed(2), g.weight.length); t = T();
const rng = seededRandom(42);
const init = pcaInit(X, n, dim, rng);
console.log('pca', ((T() - t) / 1000).toFixed(2)); t = T();
optimiseLayout(g, n, { minDist: 0.1, random: rng, init });
console.log('layout', ((T() - t) / 1000).toFixed(2));
{
  const maxW = g.weight.reduce((m, w) => Math.max(m, w), 0);
  let s = 0; for (const w of g.weight) s += w / maxW;
  console.log('pairs', g.weight.length, 'positive samples/epoch ≈', (2 * s).toFixed(0), 'negatives/epoch ≈', (10 * s).toFixed(0));
  const t0 = performance.now(); let x = 0; const r = seededRandom(1); for (let i = 0; i < 2e8; i++) x += Math.floor(r() * 10000); console.log('2e8 rng', ((performance.now() - t0)/1000).toFixed(2), x > 0);
}
