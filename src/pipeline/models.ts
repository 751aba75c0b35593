import * as Comlink from 'comlink';
import type { Backend } from '../core/embedder';
import { getState, setState, updateModel, type BackendChoice, type ModelRecord, type ModelRequest } from '../state/store';
import type { EmbedWorkerApi } from '../../workers/embed.worker';
import { downloadBytes } from './download';
import { addPipeline } from './pipelines';
import { spawnEmbedWorker } from './workers';

export interface AddModelOptions {
  url?: string;
  file?: File;
  name?: string;
  output?: string;
  inputSize?: number;
  mean?: [number, number, number];
  std?: [number, number, number];
  backend?: BackendChoice;
}

/** One worker per model keeps models independent (and lets two run at once on a multi-core machine). */
const workers = new Map<string, { api: Comlink.Remote<EmbedWorkerApi>; worker: Worker }>();
let nextModelId = 0;

export function embedWorker(modelId: string): Comlink.Remote<EmbedWorkerApi> | undefined {
  return workers.get(modelId)?.api;
}

const backendsFor = (choice: BackendChoice): Backend[] =>
  choice === 'auto' ? ['webgpu', 'wasm'] : [choice];

function nameFromUrl(url: string): string {
  const last = url.split(/[?#]/)[0].split('/').filter(Boolean).pop() ?? url;
  return decodeURIComponent(last).replace(/\.onnx$/i, '');
}

function checkRequest(o: AddModelOptions): void {
  if (!o.url && !o.file) throw new Error('addModel needs a url or a file');
  if (o.url !== undefined && typeof o.url !== 'string') throw new Error('url must be a string');
  if (o.inputSize !== undefined && !(Number.isInteger(o.inputSize) && o.inputSize >= 8 && o.inputSize <= 2048)) {
    throw new Error('inputSize must be a whole number of pixels between 8 and 2048');
  }
  for (const [k, v] of [['mean', o.mean], ['std', o.std]] as const) {
    if (v !== undefined && !(Array.isArray(v) && v.length === 3 && v.every((x) => Number.isFinite(x)))) {
      throw new Error(`${k} must be three numbers (R, G, B)`);
    }
  }
  if (o.std?.some((x) => x === 0)) throw new Error('std must not contain 0');
}

async function loadInto(model: ModelRecord, bytes: Uint8Array | null): Promise<void> {
  const { request } = model;
  updateModel(model.id, { status: 'loading', error: undefined });
  const api = workers.get(model.id)!.api;
  const info = await api.load(bytes ? Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]) : null, {
    backends: backendsFor(request.backend),
    output: request.output,
    inputSize: request.inputSize,
    mean: request.mean,
    std: request.std,
  });
  updateModel(model.id, { status: 'ready', info });
}

/**
 * Adds a model from a URL or a dropped .onnx file. Resolves when it is ready to embed; rejects
 * with a readable reason (the model also stays listed, in error, so the user sees what happened).
 */
export async function addModel(options: AddModelOptions): Promise<ModelRecord> {
  checkRequest(options);
  const request: ModelRequest = {
    name: options.name ?? (options.file ? options.file.name.replace(/\.onnx$/i, '') : nameFromUrl(options.url!)),
    source: options.file ? { kind: 'file', fileName: options.file.name } : { kind: 'url', url: options.url! },
    output: options.output,
    inputSize: options.inputSize,
    mean: options.mean,
    std: options.std,
    backend: options.backend ?? 'auto',
  };
  const model: ModelRecord = { id: `model-${nextModelId++}`, request, status: 'downloading', download: 0 };
  setState((s) => ({ models: [...s.models, model] }));
  addPipeline(model.id);
  try {
    const bytes = options.file
      ? new Uint8Array(await options.file.arrayBuffer())
      : await downloadBytes(options.url!, (f) => updateModel(model.id, { download: f }));
    workers.set(model.id, spawnEmbedWorker());
    await loadInto(model, bytes);
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    updateModel(model.id, { status: 'error', error });
    throw new Error(error);
  }
  return getState().models.find((m) => m.id === model.id)!;
}

export const PIXELS_NAME = 'Pixels (no network)';

/** The non-VFM reference: a model whose embedding is the downsampled image itself. */
export async function addPixelBaseline(): Promise<ModelRecord> {
  const existing = getState().models.find((m) => m.request.source.kind === 'builtin');
  if (existing) return existing;
  const model: ModelRecord = { id: `model-${nextModelId++}`, request: { name: PIXELS_NAME, source: { kind: 'builtin', id: 'pixels' }, backend: 'auto' }, status: 'loading' };
  setState((s) => ({ models: [...s.models, model] }));
  addPipeline(model.id);
  const handle = spawnEmbedWorker();
  workers.set(model.id, handle);
  updateModel(model.id, { status: 'ready', info: await handle.api.loadPixels() });
  return getState().models.find((m) => m.id === model.id)!;
}

/** Re-creates the model's session with other settings (e.g. another output as the embedding). */
export async function reconfigureModel(id: string, patch: Partial<Pick<ModelRequest, 'output' | 'inputSize' | 'mean' | 'std' | 'backend'>>): Promise<void> {
  const model = getState().models.find((m) => m.id === id);
  if (!model || !workers.has(id) || model.request.source.kind === 'builtin') return;
  const updated = { ...model, request: { ...model.request, ...patch } };
  updateModel(id, { request: updated.request });
  try {
    await loadInto(updated, null);
  } catch (e) {
    updateModel(id, { status: 'error', error: e instanceof Error ? e.message : String(e) });
  }
}

export function removeModel(id: string): void {
  workers.get(id)?.worker.terminate();
  workers.delete(id);
  setState((s) => ({ models: s.models.filter((m) => m.id !== id), pipelines: s.pipelines.filter((p) => p.modelId !== id) }));
}
