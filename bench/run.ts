/**
 * `npm run bench`: side-by-side figures from one run on this machine (no assertions, no timed tests).
 *  1. Embedding throughput of the whole browser pipeline (decode → preprocess → WASM inference) in
 *     headless Chromium, against onnxruntime-node on the same model and the same PNG files.
 *  2. Projection of 10k and 50k clustered points in 768-d: Latent Sky, umap-js 1.4 and Embedding
 *     Atlas side by side, with trustworthiness and k-NN recall (bench/projectionBench.ts).
 *  3. Linked-view interaction: hover and selection updates across 4 panels of 10k and 50k points.
 *  3a. Ingest: 10k and 50k distinct MiraBest cutouts dropped at once (files/s, peak memory, long
 *      tasks on the page's main thread; bench/ingestBench.ts, which also runs on its own).
 *  3b. DINOv2-S/14 and ViT-B/16 inference (random-weight graphs of the real topology): WASM,
 *     WebGPU where the browser has it, and onnxruntime-node.
 *  3c. A dataset file from the cluster (latent-sky's Parquet) opened in the app at 10⁵ and 10⁶ rows:
 *      time to first frame and memory (bench/datasetBench.ts, which also runs on its own).
 *  3d. The CLI (latent-sky embed) with 1 and 2 tasks beside the browser on the same model and files
 *      (bench/cliThroughput.ts, which also runs on its own).
 *  3e. `latent-sky project` at 10⁵ and 10⁶ synthetic 768-d rows: k-NN method and recall, stage
 *      times, peak memory (bench/knnBench.ts, which also runs on its own).
 *  4. The probe sweep (4 budgets × 5 seeds, linear head, 10k × 768, 4 classes) against scikit-learn.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import * as ort from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { decode } from 'fast-png';
import { makeBatch, IMAGENET_NORM } from '../src/models/lib/modelInput';
import { MODEL_PATH, mirabestPngs } from '../e2e/support/data';
import { withApp } from './app';
import { cliThroughputBench } from './cliThroughput';
import { datasetBench } from './datasetBench';
import { ingestBench } from './ingestBench';
import { knnBench } from './knnBench';
import { interactionBench } from './interaction';
import { probeSweep } from './probeSweep';
import { projectionBench } from './projectionBench';
import { browserThroughput, withModelServer } from './throughput';
import { vitInferenceBench } from './vitInference';

const N_IMAGES = 200;
const fmt = (x: number, d = 1) => x.toFixed(d);

/**
 * The same decode → preprocess → inference loop in Node: on onnxruntime-node (native kernels), and
 * on onnxruntime-web's WASM build with 2 threads (the browser's kernels without the browser), which
 * separates what the app's pipeline costs from what the WASM kernels cost.
 */
async function nodeThroughput(files: string[], engine: 'native' | 'wasm'): Promise<{ perSecond: number; seconds: number }> {
  ortWeb.env.wasm.numThreads = 2;
  const session = engine === 'native' ? await ort.InferenceSession.create(MODEL_PATH) : await ortWeb.InferenceSession.create(readFileSync(MODEL_PATH));
  const Tensor = engine === 'native' ? ort.Tensor : ortWeb.Tensor;
  const spec = { size: 224, mean: [...IMAGENET_NORM.mean] as [number, number, number], std: [...IMAGENET_NORM.std] as [number, number, number] };
  const start = performance.now();
  for (const path of files) {
    const png = decode(readFileSync(path));
    const image = { width: png.width, height: png.height, channels: 1 as const, pixels: png.data as Uint8Array };
    const input = new Tensor('float32', makeBatch([image], spec), [1, 3, 224, 224]);
    await session.run({ input }, ['542']);
  }
  const seconds = (performance.now() - start) / 1000;
  return { perSecond: files.length / seconds, seconds };
}

/** BENCH_PARTS=interaction,ingest (say) runs only those parts; all of them by default. */
const PARTS = ['throughput', 'vit', 'interaction', 'ingest', 'dataset', 'cli', 'projection', 'knn', 'probe'] as const;
const wanted = new Set((process.env.BENCH_PARTS ?? PARTS.join(',')).split(',').map((p) => p.trim()));
const unknown = [...wanted].filter((p) => !(PARTS as readonly string[]).includes(p));
if (unknown.length) throw new Error(`BENCH_PARTS: unknown part ${unknown.join(', ')} (parts: ${PARTS.join(', ')})`);
const part = (name: (typeof PARTS)[number]) => wanted.has(name);

const { files } = mirabestPngs(N_IMAGES / 2);
const paths = files.map((f) => f.path);
console.log(`Latent Sky benchmark · ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'} · Node ${process.version}`);
if (part('throughput')) {
  console.log(`Model: MobileNetV2-int8 (ImageNet), ${N_IMAGES} MiraBest 150×150 PNG cutouts`);
  const web = await withApp((browser, base) =>
    withModelServer(readFileSync(MODEL_PATH), (url) => browserThroughput(browser, base, paths, { url, backend: 'wasm' })),
  );
  const node = await nodeThroughput(paths, 'native');
  const wasm = await nodeThroughput(paths, 'wasm');
  console.log(
    `  browser pipeline (Chromium, WASM, decode+preprocess+inference): ${fmt(web.perSecond)} img/s (${fmt(web.seconds)} s; cross-origin isolated: ${web.isolated})`,
  );
  console.log(`    CPU while the browser embedded (${fmt(web.seconds)} s on ${cpus().length} cores): ${web.cpu}`);
  console.log(`  onnxruntime-node (decode+preprocess+inference):                 ${fmt(node.perSecond)} img/s (${fmt(node.seconds)} s)`);
  console.log(`  onnxruntime-web WASM in Node, 2 threads (same loop):            ${fmt(wasm.perSecond)} img/s (${fmt(wasm.seconds)} s)`);
  console.log(`  ratio browser / node:                                            ${fmt(web.perSecond / node.perSecond, 2)}`);
  console.log(
    `  ratio browser / WASM kernels alone:                              ${fmt(web.perSecond / wasm.perSecond, 2)} (what the app's pipeline keeps of the WASM build's speed)`,
  );
  console.log(`  ratio WASM kernels / native kernels:                             ${fmt(wasm.perSecond / node.perSecond, 2)}`);
}
if (part('vit')) {
  console.log('ViT inference at 224 px, random weights with the exact topology (models/vitGraph.ts), 1 image per batch:');
  await withApp((browser, base) => vitInferenceBench(browser, base, paths));
}
if (part('interaction')) {
  console.log('Linked views (headless Chromium, software WebGL):');
  await withApp(interactionBench);
}
if (part('ingest')) {
  console.log('Ingest of many cutouts at once (headless Chromium, no model):');
  await withApp((browser, base) => ingestBench(browser, base, [10_000, 50_000]));
}
if (part('dataset')) {
  console.log('A dataset file opened in the app (headless Chromium, software WebGL):');
  await withApp((browser, base) => datasetBench(browser, base, [100_000, 1_000_000]));
}
if (part('cli')) {
  console.log('The CLI (latent-sky embed) beside the browser, MobileNetV2-int8:');
  await withApp(cliThroughputBench);
}
if (part('projection')) await projectionBench([10_000, 50_000]);
if (part('knn')) {
  console.log('latent-sky project at survey scale (synthetic clustered 768-d):');
  await knnBench();
}
if (part('probe')) await probeSweep();
