/**
 * Projection, side by side in one run: Latent Sky (exact k-NN on onnxruntime-web's WASM build with
 * two threads, as in a cross-origin-isolated page, then the typed-array UMAP layout), umap-js 1.4
 * with its defaults, and Embedding Atlas's WebAssembly UMAP (`createUMAP`, defaults and held to
 * 200 epochs), on clustered synthetic data with a fixed seed. Each layout's trustworthiness
 * (k = 15) is measured the same way: exact high-dimensional ranks from onnxruntime-node.
 *
 * Embedding Atlas cannot be installed here (a dependency is missing from the registry); its
 * standalone UMAP is unpacked from `npm pack embedding-atlas@0.26.0` into node_modules/.cache,
 * for this benchmark only.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { UMAP } from 'umap-js';
import { buildKnnGraph } from '../models/knnGraph';
import type { OrtModule } from '../src/core/embedder';
import { exactKnn, knnRecall, normaliseRows } from '../src/core/knn';
import { createOrtTopK } from '../src/core/ortTopK';
import { DEFAULT_UMAP, projectUmap } from '../src/core/projection';
import { seededRandom } from '../src/core/random';

const DIM = 768;
const fmt = (x: number, d = 1) => x.toFixed(d);

export function clustered(n: number, dim: number, k: number, seed: number): Float32Array {
  const rand = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const centres = Array.from({ length: k }, () => Float32Array.from({ length: dim }, () => gauss()));
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) out[i * dim + j] = centres[i % k][j] + 0.3 * gauss();
  return out;
}

async function embeddingAtlas(): Promise<typeof import('embedding-atlas-umap')> {
  const dir = resolve(import.meta.dirname, '../node_modules/.cache/embedding-atlas-0.26.0');
  if (!existsSync(join(dir, 'package/dist/umap.js'))) {
    mkdirSync(dir, { recursive: true });
    const tgz = execFileSync('npm', ['pack', 'embedding-atlas@0.26.0', '--silent'], { cwd: dir, encoding: 'utf8' }).trim();
    execFileSync('tar', ['xzf', tgz], { cwd: dir });
  }
  return import(pathToFileURL(join(dir, 'package/dist/umap.js')).href);
}

/**
 * Trustworthiness (k = 15) over every row up to 10k rows (an even sample of 2000 beyond): exact high-dimensional ranks
 * from a full sort of each query's cosine similarities (onnxruntime-node), 2-D neighbours by brute force.
 */
async function trustworthiness(unit: Float32Array, n: number, y: Float32Array, k = 15, maxQueries = n <= 10_000 ? n : 2000): Promise<number> {
  const { run } = await createOrtTopK(ortNode as unknown as OrtModule, buildKnnGraph(), ['cpu']);
  const stride = Math.max(1, Math.floor(n / maxQueries));
  const queries = Array.from({ length: Math.floor(n / stride) }, (_, i) => i * stride);
  const dataT = new Float32Array(n * DIM);
  for (let i = 0; i < n; i++) for (let j = 0; j < DIM; j++) dataT[j * n + i] = unit[i * DIM + j];
  const rank = new Int32Array(n);
  let penalty = 0;
  const block = Math.max(1, Math.floor(4_000_000 / n));
  for (let b = 0; b < queries.length; b += block) {
    const rows = queries.slice(b, b + block);
    const q = new Float32Array(rows.length * DIM);
    rows.forEach((r, i) => q.set(unit.subarray(r * DIM, (r + 1) * DIM), i * DIM));
    const { indices } = await run(q, rows.length, dataT, n, DIM, n);
    rows.forEach((row, i) => {
      const order = indices.subarray(i * n, (i + 1) * n);
      let r = 0;
      for (const j of order) if (j !== row) rank[j] = ++r;
      const high = new Set(Array.from(order.filter((j) => j !== row).subarray(0, k)));
      // The k nearest in 2-D, by insertion into a short sorted list (no full sort).
      const bestD = new Float64Array(k).fill(Infinity);
      const bestJ = new Int32Array(k).fill(-1);
      for (let j = 0; j < n; j++) {
        if (j === row) continue;
        const d = (y[2 * j] - y[2 * row]) ** 2 + (y[2 * j + 1] - y[2 * row + 1]) ** 2;
        if (d >= bestD[k - 1]) continue;
        let p = k - 1;
        while (p > 0 && bestD[p - 1] > d) {
          bestD[p] = bestD[p - 1];
          bestJ[p] = bestJ[p - 1];
          p--;
        }
        bestD[p] = d;
        bestJ[p] = j;
      }
      for (const j of bestJ) if (!high.has(j)) penalty += rank[j] - k;
    });
  }
  const m = queries.length;
  return 1 - (2 / (m * k * (2 * n - 3 * k - 1))) * penalty;
}

async function time<T>(fn: () => Promise<T> | T): Promise<{ value: T; seconds: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - start) / 1000 };
}

export async function projectionBench(sizes: number[]): Promise<void> {
  ortWeb.env.wasm.numThreads = 2; // as the app's worker does on a 2-core, cross-origin-isolated page
  const { run: topK } = await createOrtTopK(ortWeb as unknown as OrtModule, buildKnnGraph());
  const atlas = await embeddingAtlas();
  for (const n of sizes) {
    const data = clustered(n, DIM, 10, 1);
    const unit = normaliseRows(data, n, DIM);
    console.log(`UMAP of ${n} × ${DIM} clustered points (10 clusters, seed 1), 15 neighbours, min_dist 0.1:`);
    const rows: { name: string; seconds: number; trust: number }[] = [];

    const ours = await time(() => projectUmap(data, n, DIM, DEFAULT_UMAP, { topK }));
    rows.push({ name: 'Latent Sky (exact k-NN on ORT-web WASM + typed-array layout)', seconds: ours.seconds, trust: await trustworthiness(unit, n, ours.value) });

    const ea = await time(async () => {
      const umap = await atlas.createUMAP(n, DIM, 2, unit, { metric: 'cosine', seed: 42 });
      await umap.run();
      const y = new Float32Array(umap.embedding);
      const indices = umap.knnIndices;
      umap.destroy();
      return { y, indices };
    });
    rows.push({ name: 'Embedding Atlas createUMAP (defaults)', seconds: ea.seconds, trust: await trustworthiness(unit, n, ea.value.y) });
    const ea200 = await time(async () => {
      const umap = await atlas.createUMAP(n, DIM, 2, unit, { metric: 'cosine', seed: 42, nEpochs: 200 });
      await umap.run();
      const y = new Float32Array(umap.embedding);
      umap.destroy();
      return y;
    });
    rows.push({ name: 'Embedding Atlas createUMAP (200 epochs)', seconds: ea200.seconds, trust: await trustworthiness(unit, n, ea200.value) });

    if (n <= 10_000 || !process.env.BENCH_SKIP_UMAPJS_50K) {
      const js = await time(() => {
        const umap = new UMAP({ random: seededRandom(42) });
        const y = umap.fit(Array.from({ length: n }, (_, i) => Array.from(unit.subarray(i * DIM, (i + 1) * DIM))));
        return { y: Float32Array.from(y.flat()), knn: umap as unknown as { knnIndices: number[][] } };
      });
      rows.push({ name: 'umap-js 1.4 (defaults)', seconds: js.seconds, trust: await trustworthiness(unit, n, js.value.y) });
      const knn = await exactKnn(unit, n, DIM, 15, topK);
      const flat = Int32Array.from(js.value.knn.knnIndices.flat());
      console.log(`  k-NN recall against exact neighbours: umap-js ${fmt(knnRecall({ indices: flat, k: 15 }, knn, n), 3)}, Embedding Atlas ${fmt(knnRecall({ indices: ea.value.indices, k: ea.value.indices.length / n }, knn, n), 3)}, Latent Sky 1.000 (exact)`);
    } else {
      console.log('  umap-js at this size: skipped (BENCH_SKIP_UMAPJS_50K is set)');
    }
    for (const r of rows) console.log(`  ${r.name.padEnd(62)} ${fmt(r.seconds).padStart(6)} s   trustworthiness ${fmt(r.trust, 4)}`);
    const [l, e, e200] = rows;
    const u = rows.find((r) => r.name.startsWith('umap-js'));
    console.log(`  ratios: Latent Sky / Embedding Atlas ${fmt(l.seconds / e.seconds, 2)} (defaults), ${fmt(l.seconds / e200.seconds, 2)} (200 epochs)${u ? `; Latent Sky / umap-js ${fmt(l.seconds / u.seconds, 2)}` : ''}`);
  }
}
