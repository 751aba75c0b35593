import * as Comlink from 'comlink';
import type { Backend } from './lib/embedder';
import type { LatentSkyStoreApi, ModelRecord, ModelRequest, PipelineRecord } from '../state/store';
import type { EmbedWorkerApi } from '../../workers/embed.worker';
import { download } from '../shared/lib/download';
import { contentHash } from '../shared/lib/hash';
import { onnxProblem } from './lib/onnxCheck';
import type { AddModelOptions, BackendChoice } from './lib/modelOptions';
import { registryEmbedderOptions } from './lib/registryOptions';
import { defaultDtype, hubFileUrl, MODEL_REGISTRY, registryEntry } from '../../models/registry';
import type { ModelCache } from './modelCache';
import { WORKER_DIED, type EmbedWorkerHandle } from '../shared/workers';

/** What the scheduler needs of a model's worker; a call rejects (WorkerDiedError) if the worker dies. */
export interface EmbedClient {
  embed: (...args: Parameters<EmbedWorkerApi['embed']>) => ReturnType<EmbedWorkerApi['embed']>;
}

const backendsFor = (choice: BackendChoice): Backend[] => (choice === 'auto' ? ['webgpu', 'wasm'] : [choice]);

function nameFromUrl(url: string): string {
  const last = url.split(/[?#]/)[0].split('/').filter(Boolean).pop() ?? url;
  return decodeURIComponent(last).replace(/\.onnx$/i, '');
}

/** Whether this browser exposes WebGPU at all (the default weight precision depends on it). */
export const hasWebGpu = () => typeof navigator !== 'undefined' && 'gpu' in navigator;

/** Fills in a zoo model's URL and settings; what the caller gave explicitly wins. */
function resolveRegistry(o: AddModelOptions, hubEndpoint: string): AddModelOptions {
  if (!o.registry) return o;
  const entry = registryEntry(o.registry);
  if (!entry) throw new Error(`there is no model "${o.registry}" in the zoo (known: ${MODEL_REGISTRY.map((m) => m.id).join(', ')})`);
  const fromEntry = { name: entry.name, output: entry.embedding.output, inputSize: entry.inputSize, mean: entry.norm.mean, std: entry.norm.std };
  const merged = { ...fromEntry, ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) } as AddModelOptions;
  const w = entry.weights;
  if (o.file) return merged;
  if (w.kind === 'bundled') return { ...merged, url: new URL(w.path, document.baseURI).href, dtype: w.dtype };
  if (w.kind === 'export') throw new Error(`${entry.name} has no public ONNX file: run \`${w.command}\`, then open the ${w.produces} it writes`);
  const dtype = o.dtype ?? defaultDtype(entry, hasWebGpu())!;
  const file = w.files[dtype];
  if (!file) throw new Error(`${entry.name} has no ${dtype} weights (available: ${Object.keys(w.files).join(', ')})`);
  // An explicit URL (a permalink records the file actually used) wins over this browser's hub setting.
  return { ...merged, dtype, url: o.url ?? hubFileUrl(hubEndpoint, w.repo, w.revision, file) };
}

/** Models served by the app itself (the offline default) need no second copy in the cache. */
const worthCaching = (url: string) => new URL(url, document.baseURI).origin !== location.origin;

function checkRequest(o: AddModelOptions): void {
  if (!o.url && !o.file && !o.registry) throw new Error('addModel needs a url, a file or a zoo model id (registry)');
  if (o.url !== undefined && typeof o.url !== 'string') throw new Error('url must be a string');
  if (o.inputSize !== undefined && !(Number.isInteger(o.inputSize) && o.inputSize >= 8 && o.inputSize <= 2048)) {
    throw new Error('inputSize must be a whole number of pixels between 8 and 2048');
  }
  for (const [k, v] of [
    ['mean', o.mean],
    ['std', o.std],
  ] as const) {
    if (v !== undefined && !(Array.isArray(v) && v.length === 3 && v.every((x) => Number.isFinite(x)))) {
      throw new Error(`${k} must be three numbers (R, G, B)`);
    }
  }
  if (o.std?.some((x) => x === 0)) throw new Error('std must not contain 0');
}

async function readModelFile(file: File): Promise<Uint8Array> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const problem = onnxProblem(bytes);
  if (problem) throw new Error(`${file.name}: ${problem}`);
  return bytes;
}

export const PIXELS_NAME = 'Pixels (no network)';

export interface ModelsDeps {
  store: LatentSkyStoreApi;
  /** A model's own worker; `onDeath` is called if it dies. */
  spawnWorker: (modelId: string, onDeath: (reason: string) => void) => EmbedWorkerHandle;
  /** Where downloaded weights are kept between visits. */
  cache: Pick<ModelCache, 'cachedModel' | 'cacheModel'>;
  /** A new model's first pipeline. */
  addPipeline: (modelId: string) => PipelineRecord;
  /** Model ids: `model-<n>`, numbered from `firstId` in the order models are added. */
  firstId?: number;
}

export type Models = ReturnType<typeof createModels>;

/**
 * The models of the app and their workers (one worker per model keeps models independent and lets
 * two run at once on a multi-core machine): adding from the zoo, a URL or a file, retrying,
 * reconfiguring and removing, with every change written to the store.
 */
export function createModels({ store, spawnWorker, cache, addPipeline, firstId = 0 }: ModelsDeps) {
  const workers = new Map<string, EmbedWorkerHandle>();
  /** Dropped model files, kept so that a model whose worker died can be loaded again. */
  const modelFiles = new Map<string, File>();
  let nextModelId = firstId;
  /** A fresh model id (models are numbered in the order they are added). */
  const newModelId = () => `model-${nextModelId++}`;
  const update = (id: string, patch: Partial<ModelRecord>) => store.setState((s) => ({ models: s.models.map((m) => (m.id === id ? { ...m, ...patch } : m)) }));

  /** Whether the model has a live worker (not after its worker died, until Retry). */
  const hasWorker = (modelId: string): boolean => workers.has(modelId);

  function embedWorker(modelId: string): EmbedClient | undefined {
    const handle = workers.get(modelId);
    return handle && { embed: (images, size, recipe) => handle.call((api) => api.embed(images, size, recipe)) };
  }

  /**
   * A new worker for a model. If it dies (out of memory, a crash, closed), the model goes into the
   * error state with a reason and a Retry; its pipelines keep what they embedded, and the images stay.
   */
  function spawnFor(modelId: string): EmbedWorkerHandle {
    workers.get(modelId)?.terminate();
    const handle = spawnWorker(modelId, (reason) => {
      if (workers.get(modelId) !== handle) return;
      workers.delete(modelId);
      update(modelId, { status: 'error', error: reason || WORKER_DIED });
    });
    workers.set(modelId, handle);
    return handle;
  }

  /** The model's bytes: from the browser cache when it has them, else downloaded (and cached). */
  async function fetchWeights(model: ModelRecord, url: string): Promise<Uint8Array> {
    const keep = worthCaching(url);
    const cached = keep ? await cache.cachedModel(url) : undefined;
    if (cached) {
      update(model.id, { fromCache: true, download: 1 });
      return cached;
    }
    const bytes = await download(url, {
      onProgress: (received, total) => update(model.id, { download: received / total, downloadBytes: { received, total } }),
    });
    const problem = onnxProblem(bytes);
    if (problem) throw new Error(`${url}: ${problem}`);
    if (keep) await cache.cacheModel(url, bytes);
    return bytes;
  }

  async function loadInto(model: ModelRecord, bytes: Uint8Array | null): Promise<void> {
    const { request } = model;
    update(model.id, { status: 'loading', error: undefined });
    const handle = workers.get(model.id);
    if (!handle) throw new Error(WORKER_DIED);
    // A zoo model: its input recipe, and the outputs it accepts should this export lack the first.
    const entry = request.registryId ? registryEntry(request.registryId) : undefined;
    const fromRegistry = entry ? registryEmbedderOptions(entry, request.output) : { output: request.output };
    const info = await handle.call((api) =>
      api.load(bytes ? Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]) : null, {
        backends: backendsFor(request.backend),
        ...fromRegistry,
        inputSize: request.inputSize,
        mean: request.mean,
        std: request.std,
      }),
    );
    update(model.id, { status: 'ready', info });
  }

  /**
   * Adds a model from a URL or a dropped .onnx file. Resolves when it is ready to embed; rejects
   * with a readable reason (the model also stays listed, in error, so the user sees what happened).
   */
  async function addModel(given: AddModelOptions, onCreated?: (model: ModelRecord) => void): Promise<ModelRecord> {
    checkRequest(given);
    const options = resolveRegistry(given, store.getState().hubEndpoint);
    const request: ModelRequest = {
      name: options.name ?? (options.file ? options.file.name.replace(/\.onnx$/i, '') : nameFromUrl(options.url!)),
      source: options.file ? { kind: 'file', fileName: options.file.name } : { kind: 'url', url: options.url! },
      output: options.output,
      inputSize: options.inputSize,
      mean: options.mean,
      std: options.std,
      backend: options.backend ?? 'auto',
      registryId: options.registry,
      dtype: options.dtype,
    };
    const model: ModelRecord = { id: newModelId(), request, status: 'downloading', download: 0 };
    if (options.file) modelFiles.set(model.id, options.file);
    store.setState((s) => ({ models: [...s.models, model] }));
    addPipeline(model.id);
    onCreated?.(model);
    await fetchAndLoad(model, options.file);
    return store.getState().models.find((m) => m.id === model.id)!;
  }

  async function fetchAndLoad(model: ModelRecord, file?: File): Promise<void> {
    const { source } = model.request;
    try {
      update(model.id, { status: 'downloading', error: undefined, download: 0 });
      const bytes = file ? await readModelFile(file) : await fetchWeights(model, (source as { url: string }).url);
      if (bytes) update(model.id, { contentHash: await contentHash(bytes) });
      if (!workers.has(model.id)) spawnFor(model.id);
      await loadInto(model, bytes);
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      update(model.id, { status: 'error', error });
      throw new Error(error, { cause: e });
    }
  }

  /** Whether a failed model can be tried again: a URL (downloaded again or read from the cache), a file still held, the pixels baseline. */
  function canRetry(model: ModelRecord): boolean {
    const { kind } = model.request.source;
    return model.status === 'error' && (kind === 'url' || kind === 'builtin' || (kind === 'file' && modelFiles.has(model.id)));
  }

  /**
   * Tries a failed model again (after a network failure, or after its worker died), keeping its
   * pipelines: a new worker, the weights again (Cache Storage, the network or the kept file), and
   * the scheduler then embeds only the images still missing.
   */
  async function retryModel(id: string): Promise<void> {
    const model = store.getState().models.find((m) => m.id === id);
    if (!model || !canRetry(model)) return;
    if (model.request.source.kind === 'builtin') {
      await loadPixelsInto(model.id).catch(() => undefined);
      return;
    }
    await fetchAndLoad(model, modelFiles.get(model.id)).catch(() => undefined);
  }

  async function loadPixelsInto(modelId: string): Promise<void> {
    update(modelId, { status: 'loading', error: undefined });
    const handle = workers.get(modelId) ?? spawnFor(modelId);
    try {
      update(modelId, { status: 'ready', info: await handle.call((api) => api.loadPixels()) });
    } catch (e) {
      update(modelId, { status: 'error', error: e instanceof Error ? e.message : String(e) });
      throw e;
    }
  }

  /** The non-VFM reference: a model whose embedding is the downsampled image itself. */
  async function addPixelBaseline(): Promise<ModelRecord> {
    const existing = store.getState().models.find((m) => m.request.source.kind === 'builtin');
    if (existing) return existing;
    const model: ModelRecord = {
      id: newModelId(),
      request: { name: PIXELS_NAME, source: { kind: 'builtin', id: 'pixels' }, backend: 'auto' },
      status: 'loading',
      contentHash: 'pixels',
    };
    store.setState((s) => ({ models: [...s.models, model] }));
    addPipeline(model.id);
    await loadPixelsInto(model.id);
    return store.getState().models.find((m) => m.id === model.id)!;
  }

  /** Re-creates the model's session with other settings (e.g. another output as the embedding). */
  async function reconfigureModel(id: string, patch: Partial<Pick<ModelRequest, 'output' | 'inputSize' | 'mean' | 'std' | 'backend'>>): Promise<void> {
    const model = store.getState().models.find((m) => m.id === id);
    if (!model || !workers.has(id) || model.request.source.kind === 'builtin' || model.request.source.kind === 'imported') return;
    const updated = { ...model, request: { ...model.request, ...patch } };
    update(id, { request: updated.request });
    try {
      await loadInto(updated, null);
    } catch (e) {
      update(id, { status: 'error', error: e instanceof Error ? e.message : String(e) });
    }
  }

  function removeModel(id: string): void {
    workers.get(id)?.terminate();
    workers.delete(id);
    modelFiles.delete(id);
    store.setState((s) => ({ models: s.models.filter((m) => m.id !== id), pipelines: s.pipelines.filter((p) => p.modelId !== id) }));
  }

  return {
    add: addModel,
    addPixelBaseline,
    retry: retryModel,
    canRetry,
    reconfigure: reconfigureModel,
    remove: removeModel,
    hasWorker,
    embedWorker,
    newModelId,
  };
}
