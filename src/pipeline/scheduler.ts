import * as Comlink from 'comlink';
import { embeddingKey } from '../state/selectors';
import { getState, setState, useStore, type LatentSkyState, type ModelRecord } from '../state/store';
import { embedWorker } from './models';
import { spawnProjectWorker } from './workers';

/**
 * Keeps computed results in step with what the user chose: whenever the store changes, any
 * ready model with images it has not embedded starts embedding, and any model whose embeddings
 * are complete gets (re)projected. Each step is keyed by content, so nothing is recomputed.
 */
const CHUNK = 8;
const embedding = new Map<string, { cancelled: boolean }>();
/** Runs stopped by the user or by an error are not restarted until something changes. */
const halted = new Map<string, string>();
const projecting = new Map<string, { key: string; worker: Worker }>();

const uniqueHashes = (s: LatentSkyState) => [...new Set(s.images.map((i) => i.hash))];

function setRun(modelId: string, patch: Partial<LatentSkyState['embedRuns'][string]>): void {
  setState((s) => {
    const prev = s.embedRuns[modelId] ?? { running: false, done: 0, total: 0, imagesPerSecond: 0 };
    return { embedRuns: { ...s.embedRuns, [modelId]: { ...prev, ...patch } } };
  });
}

async function runEmbedding(model: ModelRecord, key: string): Promise<void> {
  const token = { cancelled: false };
  embedding.set(model.id, token);
  const started = performance.now();
  let embeddedHere = 0;
  setRun(model.id, { running: true, error: undefined, imagesPerSecond: 0 });
  try {
    for (;;) {
      const s = getState();
      const current = s.models.find((m) => m.id === model.id);
      if (token.cancelled || !current || current.status !== 'ready' || embeddingKey(current, s.stretch) !== key) break;
      const vectors = s.embeddings.get(key) ?? new Map<string, Float32Array>();
      const hashes = uniqueHashes(s);
      const todo = hashes.filter((h) => !vectors.has(h) && s.pixels.has(h)).slice(0, CHUNK);
      setRun(model.id, { done: hashes.length - hashes.filter((h) => !vectors.has(h)).length, total: hashes.length });
      if (todo.length === 0) break;
      const api = embedWorker(model.id);
      if (!api) break;
      const result = await api.embed(todo.map((h) => s.pixels.get(h)!));
      todo.forEach((h, i) => vectors.set(h, result.vectors.subarray(i * result.dim, (i + 1) * result.dim)));
      embeddedHere += todo.length;
      const seconds = (performance.now() - started) / 1000;
      setState((st) => ({ embeddings: new Map(st.embeddings).set(key, vectors) }));
      setRun(model.id, { imagesPerSecond: embeddedHere / seconds, dim: result.dim });
      if (current.info && result.backend !== current.info.backend) {
        updateInfoBackend(current, result.backend);
      }
    }
    if (token.cancelled) halted.set(model.id, key);
  } catch (e) {
    halted.set(model.id, key);
    setRun(model.id, { error: e instanceof Error ? e.message : String(e) });
  } finally {
    embedding.delete(model.id);
    setRun(model.id, { running: false });
  }
}

function updateInfoBackend(model: ModelRecord, backend: 'webgpu' | 'wasm'): void {
  setState((s) => ({
    models: s.models.map((m) => (m.id === model.id && m.info ? { ...m, info: { ...m.info, backend } } : m)),
  }));
}

export function cancelEmbedding(modelId: string): void {
  const run = embedding.get(modelId);
  if (run) run.cancelled = true;
}

export function resumeEmbedding(modelId: string): void {
  halted.delete(modelId);
  setRun(modelId, { error: undefined });
}

// The image list changes far less often than the store: fingerprint each list once.
const imageListKeys = new WeakMap<LatentSkyState['images'], string>();

function projectionKey(s: LatentSkyState, key: string): string {
  let images = imageListKeys.get(s.images);
  if (images === undefined) {
    images = s.images.map((i) => i.hash).join(',');
    imageListKeys.set(s.images, images);
  }
  return JSON.stringify([key, s.umap, images]);
}

async function runProjection(model: ModelRecord, key: string, projKey: string): Promise<void> {
  projecting.get(model.id)?.worker.terminate();
  const { api, worker } = spawnProjectWorker();
  projecting.set(model.id, { key: projKey, worker });
  const s = getState();
  const vectors = s.embeddings.get(key)!;
  const images = s.images;
  const dim = vectors.values().next().value!.length;
  const flat = new Float32Array(images.length * dim);
  images.forEach((img, i) => flat.set(vectors.get(img.hash)!, i * dim));
  const setProgress = (patch: Partial<LatentSkyState['projectRuns'][string]>) =>
    setState((st) => {
      const prev = st.projectRuns[model.id] ?? { running: true, progress: 0 };
      return { projectRuns: { ...st.projectRuns, [model.id]: { ...prev, ...patch } } };
    });
  setProgress({ running: true, progress: 0, error: undefined });
  try {
    const coords = await api.project(Comlink.transfer(flat, [flat.buffer]), images.length, dim, s.umap, Comlink.proxy((progress: number) => setProgress({ progress })));
    if (projecting.get(model.id)?.key !== projKey) return;
    setState((st) => ({ projections: { ...st.projections, [model.id]: { key: projKey, imageIds: images.map((i) => i.id), coords } } }));
    setProgress({ running: false, progress: 1 });
  } catch (e) {
    if (projecting.get(model.id)?.key === projKey) setProgress({ running: false, error: e instanceof Error ? e.message : String(e) });
  } finally {
    if (projecting.get(model.id)?.key === projKey) {
      worker.terminate();
      projecting.delete(model.id);
    }
  }
}

export function cancelProjection(modelId: string): void {
  const run = projecting.get(modelId);
  if (!run) return;
  run.worker.terminate();
  projecting.delete(modelId);
  halted.set(`project:${modelId}`, run.key);
  setState((st) => ({ projectRuns: { ...st.projectRuns, [modelId]: { running: false, progress: 0, error: 'cancelled' } } }));
}

function tick(s: LatentSkyState): void {
  const ingesting = s.ingest.done < s.ingest.queued;
  for (const model of s.models) {
    const key = embeddingKey(model, s.stretch);
    if (!key || model.status !== 'ready') continue;
    const vectors = s.embeddings.get(key);
    const missing = s.images.some((i) => !vectors?.has(i.hash));
    if (missing) {
      if (!embedding.has(model.id) && halted.get(model.id) !== key) void runEmbedding(model, key);
      continue;
    }
    // Wait for the drop to finish so one projection covers all of it.
    if (ingesting || embedding.has(model.id) || s.images.length === 0) continue;
    const projKey = projectionKey(s, key);
    if (s.projections[model.id]?.key === projKey || projecting.get(model.id)?.key === projKey) continue;
    if (halted.get(`project:${model.id}`) === projKey) continue;
    void runProjection(model, key, projKey);
  }
}

export function startScheduler(): () => void {
  return useStore.subscribe(tick);
}

export function reproject(modelId: string): void {
  halted.delete(`project:${modelId}`);
  tick(getState());
}
