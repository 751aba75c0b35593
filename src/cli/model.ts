/**
 * The model the CLI runs: a zoo id (models/registry.ts, with its input size, normalisation and
 * output), an .onnx file or an http(s) URL; loaded through the app's own embedder with
 * onnxruntime-node injected as the runtime, on the CPU or on CUDA as asked (never a fallback), or
 * with onnxruntime-web's WASM build (`--device wasm`), the runtime the browser injects.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { registryEmbedderOptions } from '../models/lib/registryOptions';
import { createEmbedder, type Backend, type Embedder, type EmbedderOptions, type OrtModule } from '../models/lib/embedder';
import { onnxProblem } from '../models/lib/onnxCheck';
import { DEFAULT_HUB, defaultDtype, hubFileUrl, MODEL_REGISTRY, registryEntry } from '../../models/registry';
import { checkCudaProvider, type Device } from './device';

/** The embedder options a model brings (a zoo model's accepted outputs and recipe come from src/models/lib/registryOptions.ts, as in the app). */
export type ModelSettings = Pick<EmbedderOptions, 'output' | 'alternatives' | 'recipe' | 'inputSize' | 'mean' | 'std'>;

export interface ModelSource {
  /** What the user named (printed and written into the output's run record). */
  label: string;
  bytes: () => Promise<Uint8Array>;
  settings: ModelSettings;
}

const REPO_ROOT = resolve(import.meta.dirname, '../..');

async function download(url: string): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new Error(`could not download the model from ${url}: ${e instanceof Error ? e.message : e}`, { cause: e });
  }
  if (!res.ok) throw new Error(`could not download the model from ${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * `--model`: zoo id, file or URL; `settings` from a permalink's model win over the zoo's, and so
 * does `weightsUrl`, the file a permalink records as actually used for a zoo model.
 */
export function modelSource(spec: string, overrides: ModelSettings = {}, weightsUrl?: string, hub = process.env.LATENT_SKY_HUB ?? DEFAULT_HUB): ModelSource {
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as ModelSettings;
  if (/^https?:\/\//i.test(spec)) return { label: spec, bytes: () => download(spec), settings: given };
  if (/\.onnx$/i.test(spec) || existsSync(spec)) {
    const path = resolve(spec);
    if (!existsSync(path)) throw new Error(`model file not found: ${path}`);
    return { label: path, bytes: async () => new Uint8Array(readFileSync(path)), settings: given };
  }
  const entry = registryEntry(spec);
  if (!entry) throw new Error(`--model "${spec}" is neither an .onnx file, an http(s) URL nor a zoo id (known: ${MODEL_REGISTRY.map((m) => m.id).join(', ')})`);
  const settings = { inputSize: entry.inputSize, mean: entry.norm.mean, std: entry.norm.std, ...given, ...registryEmbedderOptions(entry, given.output) };
  const w = entry.weights;
  if (w.kind === 'export') throw new Error(`${entry.name} has no public ONNX file: run \`${w.command}\`, then pass --model ${w.produces}`);
  if (w.kind === 'bundled') {
    const path = resolve(REPO_ROOT, 'public', w.path); // served by the app from public/
    if (!existsSync(path)) throw new Error(`${entry.name} is built by \`npm run models\`; ${path} does not exist yet`);
    return { label: entry.id, bytes: async () => new Uint8Array(readFileSync(path)), settings };
  }
  if (weightsUrl) return { label: `${entry.id} (${weightsUrl})`, bytes: () => download(weightsUrl), settings };
  const dtype = defaultDtype(entry, false)!;
  return { label: `${entry.id} (${dtype})`, bytes: () => download(hubFileUrl(hub, w.repo, w.revision, w.files[dtype]!)), settings };
}

/**
 * onnxruntime-node with the session options the app's embedder does not know about: the thread
 * count, and the execution provider named by the device (the embedder passes it through as its
 * "backend"). The embedder itself is the browser's, unchanged.
 */
function nodeRuntime(threads: number | undefined): OrtModule {
  const create = ((model: Uint8Array, options: ort.InferenceSession.SessionOptions) =>
    ort.InferenceSession.create(model, { ...options, ...(threads ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : {}) })) as unknown;
  return { Tensor: ort.Tensor, InferenceSession: { create } } as unknown as OrtModule;
}

export async function loadEmbedder(source: ModelSource, device: Device, threads: number | undefined, batchSize: number | undefined): Promise<Embedder> {
  if (device === 'cuda') checkCudaProvider();
  const bytes = await source.bytes();
  const problem = onnxProblem(bytes);
  if (problem) throw new Error(`${source.label}: ${problem}`);
  if (device === 'wasm') {
    if (threads) ortWeb.env.wasm.numThreads = threads;
    return createEmbedder(ortWeb as unknown as OrtModule, bytes, { backends: ['wasm'], batchSize, ...source.settings });
  }
  // 'cpu' and 'cuda' are onnxruntime-node's provider names; the embedder hands them to the runtime as is.
  const embedder = await createEmbedder(nodeRuntime(threads), bytes, { backends: [device as Backend], batchSize, ...source.settings });
  return embedder;
}
