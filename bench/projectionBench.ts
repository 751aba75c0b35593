/**
 * Projection, side by side in one run: Latent Sky (exact k-NN on onnxruntime-web's WASM build with
 * two threads, as in a cross-origin-isolated page — on 64 principal components past 10¹¹ multiply-adds —
 * then the typed-array UMAP layout), umap-js 1.4 with its defaults, and Embedding Atlas's
 * WebAssembly UMAP (`createUMAP`, defaults and held to 200 epochs), on clustered synthetic data
 * with a fixed seed and on real MobileNetV2 embeddings of MiraBest. Each layout's trustworthiness
 * (k = 15) and each k-NN graph's recall are measured the same way: exact full-width ranks from
 * onnxruntime-node.
 *
 * Embedding Atlas cannot be installed here (a dependency is missing from the registry); its
 * standalone UMAP is unpacked from `npm pack embedding-atlas@0.26.0` into node_modules/.cache,
 * for this benchmark only.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import * as ortNode from 'onnxruntime-node';
import { UMAP } from 'umap-js';
import { buildKnnGraph } from '../models/build/knnGraph';
import type { OrtModule } from '../src/models/lib/embedder';
import { normaliseRows, type TopKRunner } from '../src/projection/lib/knn';
import { createOrtTopK } from '../src/projection/lib/ortKernels';
import { makeBatch, IMAGENET_NORM } from '../src/models/lib/modelInput';
import { PCA_SEARCH_DIMS, searchDims } from '../src/projection/lib/projection';
import { MODEL_PATH, SHARED } from '../e2e/support/data';
import { seededRandom } from '../src/shared/lib/random';
import { runTsWorker } from './tsWorker';

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

/** One onnxruntime-node session ranks for every quality measurement. */
let reference: Promise<TopKRunner> | undefined;
const referenceTopK = () => (reference ??= createOrtTopK(ortNode as unknown as OrtModule, buildKnnGraph(), ['cpu']).then((k) => k.run));

/**
 * Trustworthiness (k = 15) of a layout and the recall of a k-NN graph, over every row up to 10k rows
 * (an even sample of 2000 beyond): exact high-dimensional ranks from a full sort of each query's
 * cosine similarities (onnxruntime-node), 2-D neighbours by brute force.
 */
async function quality(
  unit: Float32Array,
  n: number,
  dim: number,
  y: Float32Array,
  knn?: { indices: ArrayLike<number>; k: number },
  k = 15,
): Promise<{ trust: number; recall?: number }> {
  const maxQueries = n <= 10_000 ? n : 2000;
  const run = await referenceTopK();
  const stride = Math.max(1, Math.floor(n / maxQueries));
  const queries = Array.from({ length: Math.floor(n / stride) }, (_, i) => i * stride);
  const dataT = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) dataT[j * n + i] = unit[i * dim + j];
  const rank = new Int32Array(n);
  let penalty = 0;
  let found = 0;
  const block = Math.max(1, Math.floor(4_000_000 / n));
  for (let b = 0; b < queries.length; b += block) {
    const rows = queries.slice(b, b + block);
    const q = new Float32Array(rows.length * dim);
    rows.forEach((r, i) => q.set(unit.subarray(r * dim, (r + 1) * dim), i * dim));
    const { indices } = await run(q, rows.length, dataT, n, dim, n);
    rows.forEach((row, i) => {
      const order = indices.subarray(i * n, (i + 1) * n);
      let r = 0;
      for (const j of order) if (j !== row) rank[j] = ++r;
      const high = new Set(Array.from(order.filter((j) => j !== row).subarray(0, k)));
      if (knn) {
        // Recall as knnRecall counts it: the row's own entry aside, how many of its k − 1 exact neighbours the graph has.
        const truth = new Set(Array.from(order.filter((j) => j !== row).subarray(0, knn.k - 1)));
        for (let c = 0; c < knn.k; c++) if (knn.indices[row * knn.k + c] !== row && truth.has(knn.indices[row * knn.k + c])) found++;
      }
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
  return { trust: 1 - (2 / (m * k * (2 * n - 3 * k - 1))) * penalty, recall: knn ? found / (m * (knn.k - 1)) : undefined };
}

async function time<T>(fn: () => Promise<T> | T): Promise<{ value: T; seconds: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - start) / 1000 };
}

interface Row {
  name: string;
  seconds: number;
  trust: number;
  recall?: number;
}

/** Latent Sky's projection in a fresh worker thread (bench/projectionWorker.ts), timed inside it. */
async function inFreshWorker(
  data: Float32Array,
  n: number,
  dim: number,
  searchDims?: number,
): Promise<{ y: Float32Array; knn: { indices: Int32Array; k: number }; seconds: number }> {
  const m = await runTsWorker<{ y: Float32Array; indices: Int32Array; k: number; seconds: number }>(new URL('./projectionWorker.ts', import.meta.url), {
    data,
    n,
    dim,
    searchDims,
  });
  return { y: m.y, knn: { indices: m.indices, k: m.k }, seconds: m.seconds };
}

/** All engines on one data set; rows are L2-normalised for the engines that take unit vectors. */
async function compare(title: string, data: Float32Array, n: number, dim: number, options: { umapJs: boolean; reducedVariant: boolean }): Promise<void> {
  console.log(title);
  const atlas = await embeddingAtlas();
  const unit = normaliseRows(data, n, dim);
  const rows: Row[] = [];
  const add = async (name: string, run: () => Promise<{ y: Float32Array; knn?: { indices: ArrayLike<number>; k: number } }>) => {
    const { value, seconds } = await time(run);
    rows.push({ name, seconds, ...(await quality(unit, n, dim, value.y, value.knn)) });
  };
  const ours = (searchDims?: number) => () => inFreshWorker(data, n, dim, searchDims);
  const width = searchDims(n, dim);
  await add(`Latent Sky (exact k-NN${width < dim ? ` on ${width} PCs` : ''}, typed-array layout)`, ours());
  if (options.reducedVariant && width === dim) await add(`Latent Sky (exact k-NN on ${PCA_SEARCH_DIMS} PCs, typed-array layout)`, ours(PCA_SEARCH_DIMS));
  await add('Embedding Atlas createUMAP (defaults)', async () => {
    const umap = await atlas.createUMAP(n, dim, 2, unit, { metric: 'cosine', seed: 42 });
    await umap.run();
    const y = new Float32Array(umap.embedding);
    const indices = Int32Array.from(umap.knnIndices);
    umap.destroy();
    return { y, knn: { indices, k: indices.length / n } };
  });
  await add('Embedding Atlas createUMAP (200 epochs)', async () => {
    const umap = await atlas.createUMAP(n, dim, 2, unit, { metric: 'cosine', seed: 42, nEpochs: 200 });
    await umap.run();
    const y = new Float32Array(umap.embedding);
    umap.destroy();
    return { y };
  });
  if (options.umapJs) {
    await add('umap-js 1.4 (defaults)', async () => {
      const umap = new UMAP({ random: seededRandom(42) });
      const y = Float32Array.from(umap.fit(Array.from({ length: n }, (_, i) => Array.from(unit.subarray(i * dim, (i + 1) * dim)))).flat());
      const knnIndices = (umap as unknown as { knnIndices: number[][] }).knnIndices;
      return { y, knn: { indices: Int32Array.from(knnIndices.flat()), k: knnIndices[0].length } };
    });
  } else {
    console.log('  umap-js at this size: skipped (BENCH_SKIP_UMAPJS_50K is set)');
  }
  for (const r of rows)
    console.log(
      `  ${r.name.padEnd(62)} ${fmt(r.seconds).padStart(6)} s   trustworthiness ${fmt(r.trust, 4)}   k-NN recall ${r.recall === undefined ? '  —  ' : fmt(r.recall, 3)}`,
    );
  const [l] = rows;
  const e = rows.find((r) => r.name.endsWith('(defaults)') && r.name.startsWith('Embedding'))!;
  const e200 = rows.find((r) => r.name.endsWith('(200 epochs)'))!;
  const u = rows.find((r) => r.name.startsWith('umap-js'));
  console.log(
    `  ratios: Latent Sky / Embedding Atlas ${fmt(l.seconds / e.seconds, 2)} (defaults), ${fmt(l.seconds / e200.seconds, 2)} (200 epochs)${u ? `; Latent Sky / umap-js ${fmt(l.seconds / u.seconds, 2)}` : ''}`,
  );
}

/** MiraBest (all 1255 FIRST cutouts, re-derived) through the real MobileNetV2-int8 in onnxruntime-node: 1280-d. */
async function realEmbeddings(): Promise<{ data: Float32Array; n: number; dim: number }> {
  const pixels = new Uint8Array(gunzipSync(readFileSync(join(SHARED, 'mirabest/full_derived/images_u8.raw.gz'))));
  const side = 150;
  const n = pixels.length / (side * side);
  const session = await ortNode.InferenceSession.create(MODEL_PATH);
  const spec = { size: 224, mean: [...IMAGENET_NORM.mean] as [number, number, number], std: [...IMAGENET_NORM.std] as [number, number, number] };
  const dim = 1280;
  const data = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const image = { width: side, height: side, channels: 1 as const, pixels: pixels.subarray(i * side * side, (i + 1) * side * side) };
    const out = await session.run({ input: new ortNode.Tensor('float32', makeBatch([image], spec), [1, 3, 224, 224]) }, ['542']);
    data.set(out['542'].data as Float32Array, i * dim);
  }
  return { data, n, dim };
}

export async function projectionBench(sizes: number[]): Promise<void> {
  for (const n of sizes) {
    await compare(`UMAP of ${n} × ${DIM} clustered points (10 clusters, seed 1), 15 neighbours, min_dist 0.1:`, clustered(n, DIM, 10, 1), n, DIM, {
      umapJs: n <= 10_000 || !process.env.BENCH_SKIP_UMAPJS_50K,
      reducedVariant: n === 10_000,
    });
  }
  const real = await realEmbeddings();
  await compare(`UMAP of real embeddings: ${real.n} MiraBest FIRST cutouts × MobileNetV2-int8 (${real.dim}-d):`, real.data, real.n, real.dim, {
    umapJs: true,
    reducedVariant: true,
  });
}
