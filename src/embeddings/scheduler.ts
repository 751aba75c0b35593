import * as Comlink from 'comlink';
import { PROJECTION_VERSION } from '../projection/lib/projection';
import { byContent, inputRecipe, inputSize, modelOf, pipelineKey } from '../state/selectors';
import {
  getState,
  setState,
  subscribeToSlices,
  useStore,
  type EmbedRun,
  type LatentSkyState,
  type PipelineRecord,
  type ProjectRun,
  type SkippedFile,
} from '../state/store';
import { isFiniteVector, splitFinite } from './lib/finite';
import { fileOf, nextDecodeWorker } from '../images/decodePool';
import { fillImported, importedFileOf } from './importer';
import { embedWorker } from '../models/models';
import { loadEmbeddings, loadLayout, saveEmbeddings, saveLayout } from './sessionCache';
import { spawnProjectWorker, WorkerDiedError } from '../shared/workers';

/**
 * Keeps computed results in step with what the user chose: whenever the store changes, any
 * pipeline whose model is ready and that has images it has not embedded starts embedding, and any
 * pipeline whose embeddings are complete gets (re)projected. Every result is keyed by content, so
 * nothing is recomputed: two pipelines that differ only in UMAP parameters share embeddings.
 */
const CHUNK = 8;
const embedding = new Map<string, { cancelled: boolean }>();
/** Runs stopped by the user or by an error are not restarted until their inputs change. */
const haltedEmbedding = new Map<string, string>();
/** Projections cancelled by the user, by pipeline: the projection key they were computing. */
const haltedProjection = new Map<string, string>();
/** Runs in flight; `worker` is only spawned when no cached layout serves the run. */
const projecting = new Map<string, { key: string; worker?: Worker }>();

const uniqueHashes = (s: LatentSkyState) => [...new Set(s.images.map((i) => i.hash))];

function setRun(id: string, patch: Partial<EmbedRun>): void {
  setState((s) => {
    const prev = s.embedRuns[id] ?? { running: false, done: 0, total: 0, imagesPerSecond: 0, failures: [] };
    return { embedRuns: { ...s.embedRuns, [id]: { ...prev, ...patch } } };
  });
}

function setProjectRun(id: string, patch: Partial<ProjectRun>): void {
  setState((s) => {
    const prev = s.projectRuns[id] ?? { running: false, progress: 0 };
    return { projectRuns: { ...s.projectRuns, [id]: { ...prev, ...patch } } };
  });
}

/**
 * Per pipeline, for its current key: how many embeddings came from the session cache and how many
 * were computed in this session, and the images that failed (by content hash), across runs.
 */
interface Tally {
  key: string;
  restored: number;
  computed: number;
  failures: Map<string, SkippedFile>;
}
const tallies = new Map<string, Tally>();

function tallyOf(pipelineId: string, key: string): Tally {
  let t = tallies.get(pipelineId);
  if (!t || t.key !== key) tallies.set(pipelineId, (t = { key, restored: 0, computed: 0, failures: new Map() }));
  return t;
}

/** Adds vectors (null = failed) to a pipeline key's embeddings; an entry already there is kept. Returns how many were added. */
function putVectors(key: string, entries: [hash: string, vector: Float32Array | null][]): number {
  let added = 0;
  setState((s) => {
    // Mutated in place (a copy per chunk would cost O(images) each time); the outer map is new, so subscribers see the change.
    const vectors = s.embeddings.get(key) ?? new Map<string, Float32Array | null>();
    for (const [h, v] of entries) {
      if (vectors.has(h)) continue;
      vectors.set(h, v);
      added++;
    }
    return { embeddings: new Map(s.embeddings).set(key, vectors) };
  });
  return added;
}

/**
 * Decode + preprocess in a decode worker, then embed in the model's worker; the next chunk is
 * prepared while this one embeds. Every image is first looked up in the session cache (also those
 * that arrive while the run is going: a reload midway through, then the same files dropped again,
 * computes only what was not yet saved). A chunk counts as embedded only once it is saved, and only
 * finite vectors are saved or used: an image whose embedding has a NaN or an infinity is listed as
 * failed for this pipeline and left out of the projection, the probe and the comparison.
 */
async function runEmbedding(pipeline: PipelineRecord, key: string): Promise<void> {
  const token = { cancelled: false };
  embedding.set(pipeline.id, token);
  const started = performance.now();
  const inFlight = new Set<string>();
  /** Hashes looked up in the session cache by this run. */
  const checked = new Set<string>();
  let embeddedHere = 0;
  const tally = tallyOf(pipeline.id, key);
  const publish = (patch: Partial<EmbedRun> = {}) => {
    const present = new Set(getState().images.map((i) => i.hash));
    const failures = [...tally.failures].filter(([h]) => present.has(h)).map(([, f]) => f);
    setRun(pipeline.id, { restored: tally.restored, computed: tally.computed, failures, ...patch });
  };
  setRun(pipeline.id, { running: true, error: undefined, imagesPerSecond: 0 });
  publish();

  const current = () => {
    const s = getState();
    const p = s.pipelines.find((x) => x.id === pipeline.id);
    const model = p && modelOf(s, p);
    return p && model && pipelineKey(p, model) === key ? { s, p, model } : undefined;
  };
  const vectorsOf = (s: LatentSkyState) => s.embeddings.get(key) ?? new Map<string, Float32Array | null>();
  const progress = () => {
    const s = getState();
    const hashes = uniqueHashes(s);
    const vectors = vectorsOf(s);
    setRun(pipeline.id, { done: hashes.filter((h) => vectors.has(h)).length, total: hashes.length });
  };
  /** Fills in embeddings computed in an earlier session (same model weights, settings and image content). */
  const restoreNew = async () => {
    const s = getState();
    const vectors = vectorsOf(s);
    const wanted = uniqueHashes(s).filter((h) => !vectors.has(h) && !checked.has(h));
    if (wanted.length === 0) return;
    wanted.forEach((h) => checked.add(h));
    const cached = await loadEmbeddings(key, wanted);
    // A non-finite vector in the cache (written by an older version, or damaged) counts as absent.
    const usable = [...cached].filter(([, v]) => isFiniteVector(v));
    if (usable.length === 0 || !current()) return;
    tally.restored += putVectors(key, usable);
    publish({ dim: usable[0][1].length });
    progress();
  };
  const nextChunk = async () => {
    await restoreNew();
    const c = current();
    if (!c || token.cancelled) return undefined;
    const vectors = vectorsOf(c.s);
    const hashes = uniqueHashes(c.s)
      .filter((h) => checked.has(h) && !vectors.has(h) && !inFlight.has(h) && fileOf(h))
      .slice(0, CHUNK);
    if (hashes.length === 0) return undefined;
    hashes.forEach((h) => inFlight.add(h));
    const files = hashes.map((h) => fileOf(h)!);
    return {
      hashes,
      prepared: await nextDecodeWorker().prepare(
        files.map((f) => f.blob),
        files.map((f) => f.name),
        c.p.preprocessing,
      ),
    };
  };

  let next: ReturnType<typeof nextChunk> | undefined;
  try {
    progress();
    next = nextChunk();
    for (let chunk = await next; chunk; chunk = await next) {
      const { hashes, prepared } = chunk;
      next = nextChunk(); // prefetch: decode the next chunk while this one runs through the model
      const c = current();
      const api = embedWorker(pipeline.modelId);
      if (!c || !api || token.cancelled) break;
      const entries: [string, Float32Array | null][] = [];
      const ok = hashes.filter((_, i) => prepared[i].ok);
      prepared.forEach((r, i) => {
        if (!r.ok) {
          entries.push([hashes[i], null]);
          tally.failures.set(hashes[i], { name: fileOf(hashes[i])!.name, reason: r.reason });
        }
      });
      const fresh: [string, Float32Array][] = [];
      if (ok.length) {
        const images = prepared.flatMap((r) => (r.ok ? [r.image] : []));
        const result = await api.embed(images, inputSize(c.p, c.model), inputRecipe(c.p, c.model) ?? null);
        const { ok: finite, failed } = splitFinite(result.vectors, ok.length, result.dim);
        finite.forEach(({ row, vector }) => fresh.push([ok[row], vector]));
        failed.forEach(({ row, reason }) => {
          entries.push([ok[row], null]);
          tally.failures.set(ok[row], { name: fileOf(ok[row])!.name, reason });
        });
        // Saved before it counts as embedded: whatever a reload finds embedded is in the cache.
        if (fresh.length) await saveEmbeddings(key, fresh);
        embeddedHere += ok.length;
        setRun(pipeline.id, { dim: result.dim, imagesPerSecond: embeddedHere / ((performance.now() - started) / 1000) });
        if (c.model.info && result.backend !== c.model.info.backend) {
          setState((s) => ({ models: s.models.map((m) => (m.id === c.model.id && m.info ? { ...m, info: { ...m.info, backend: result.backend } } : m)) }));
        }
      }
      if (entries.length) putVectors(key, entries);
      tally.computed += putVectors(key, fresh);
      hashes.forEach((h) => inFlight.delete(h));
      publish();
      progress();
    }
    if (token.cancelled) haltedEmbedding.set(pipeline.id, key);
  } catch (e) {
    // A dead worker puts its model in the error state (with Retry); the run resumes once the model is ready again.
    if (!(e instanceof WorkerDiedError)) {
      haltedEmbedding.set(pipeline.id, key);
      setRun(pipeline.id, { error: e instanceof Error ? e.message : String(e) });
    }
  } finally {
    next?.catch(() => undefined); // a prefetched chunk of a stopped run is dropped
    embedding.delete(pipeline.id);
    setRun(pipeline.id, { running: false });
  }
}

export function cancelEmbedding(pipelineId: string): void {
  const run = embedding.get(pipelineId);
  if (run) run.cancelled = true;
}

export function resumeEmbedding(pipelineId: string): void {
  haltedEmbedding.delete(pipelineId);
  setRun(pipelineId, { error: undefined });
}

// The image list changes far less often than the store: fingerprint each list once.
const imageListKeys = new WeakMap<LatentSkyState['images'], string>();

/** The key a pipeline's finished layout carries (undefined while its model is not ready). */
export function projectionKeyOf(s: LatentSkyState, pipelineId: string): string | undefined {
  const pipeline = s.pipelines.find((p) => p.id === pipelineId);
  const key = pipeline && pipelineKey(pipeline, modelOf(s, pipeline));
  return key && projectionKey(s, key);
}

function projectionKey(s: LatentSkyState, key: string): string {
  let images = imageListKeys.get(s.images);
  if (images === undefined) {
    // In content order: ingest finishes files in no fixed order, and the rows are sorted anyway.
    images = s.images
      .map((i) => i.hash)
      .sort()
      .join(',');
    imageListKeys.set(s.images, images);
  }
  return JSON.stringify([key, s.umap, images, PROJECTION_VERSION]);
}

async function runProjection(pipelineId: string, key: string, projKey: string): Promise<void> {
  projecting.get(pipelineId)?.worker?.terminate();
  const run: { key: string; worker?: Worker } = { key: projKey };
  projecting.set(pipelineId, run);
  const s = getState();
  const vectors = s.embeddings.get(key)!;
  // Images this pipeline could not prepare are left out of its projection. UMAP depends on input
  // order, so rows go in content order (hash, then name): the same files dropped in any order, in
  // any session, give the same layout.
  const images = s.images.filter((img) => vectors.get(img.hash)).sort(byContent);
  const dim = vectors.get(images[0]?.hash ?? '')?.length ?? 0;
  const flat = new Float32Array(images.length * dim);
  images.forEach((img, i) => flat.set(vectors.get(img.hash)!, i * dim));
  const hashes = images.map((i) => i.hash);
  const imageIds = images.map((i) => i.id);
  setProjectRun(pipelineId, { running: true, progress: 0, error: undefined, cancelled: undefined });
  const mine = () => projecting.get(pipelineId)?.key === projKey;
  try {
    const cached = await loadLayout(projKey);
    const reusable = cached && cached.hashes.length === hashes.length && cached.hashes.every((h, i) => h === hashes[i]);
    let coords: Float32Array;
    if (reusable) coords = cached.coords;
    else {
      const { api, worker } = spawnProjectWorker();
      run.worker = worker;
      coords = await api.project(
        Comlink.transfer(flat, [flat.buffer]),
        images.length,
        dim,
        s.umap,
        Comlink.proxy((progress: number) => mine() && setProjectRun(pipelineId, { progress })),
        // Progressive display: the layout so far, under a key that marks it unfinished.
        Comlink.proxy((frame: Float32Array) => {
          if (mine()) setState((st) => ({ projections: { ...st.projections, [pipelineId]: { key: projKey, imageIds, coords: frame, partial: true } } }));
        }),
      );
      await saveLayout(projKey, { hashes, coords: coords.slice() });
    }
    if (!mine()) return;
    setState((st) => ({ projections: { ...st.projections, [pipelineId]: { key: projKey, imageIds, coords, fromCache: !!reusable } } }));
    setProjectRun(pipelineId, { running: false, progress: 1 });
  } catch (e) {
    if (mine()) setProjectRun(pipelineId, { running: false, error: e instanceof Error ? e.message : String(e) });
  } finally {
    if (mine()) {
      run.worker?.terminate();
      projecting.delete(pipelineId);
    }
  }
}

export function cancelProjection(pipelineId: string): void {
  const run = projecting.get(pipelineId);
  if (!run) return;
  run.worker?.terminate();
  projecting.delete(pipelineId);
  haltedProjection.set(pipelineId, run.key);
  setProjectRun(pipelineId, { running: false, progress: 0, cancelled: true });
}

function tick(s: LatentSkyState): void {
  const ingesting = s.ingest.done < s.ingest.queued;
  for (const pipeline of s.pipelines) {
    const model = modelOf(s, pipeline);
    const key = pipelineKey(pipeline, model);
    if (!key) continue;
    if (model?.request.source.kind === 'imported') {
      const filled = fillImported(s, pipeline, key);
      if (filled) {
        const failures = filled.missing.map((name) => ({ name, reason: `no row for this image in ${importedFileOf(model.id)}` }));
        setState((st) => ({ embeddings: new Map(st.embeddings).set(key, filled.vectors) }));
        const dim = [...filled.vectors.values()].find((v) => v)?.length;
        setRun(pipeline.id, {
          failures: [...(getState().embedRuns[pipeline.id]?.failures ?? []), ...failures],
          dim,
          done: filled.vectors.size,
          total: filled.vectors.size,
        });
        return; // the store changed: the next tick continues
      }
    }
    const vectors = s.embeddings.get(key);
    if (s.images.some((i) => !vectors?.has(i.hash))) {
      if (!embedding.has(pipeline.id) && haltedEmbedding.get(pipeline.id) !== key) void runEmbedding(pipeline, key);
      continue;
    }
    // Wait for the drop to finish so one projection covers all of it.
    if (ingesting || embedding.has(pipeline.id) || s.images.length === 0) continue;
    const projKey = projectionKey(s, key);
    if ((s.projections[pipeline.id]?.key === projKey && !s.projections[pipeline.id].partial) || projecting.get(pipeline.id)?.key === projKey) continue;
    if (haltedProjection.get(pipeline.id) === projKey) continue;
    void runProjection(pipeline.id, key, projKey);
  }
}

/** What the embedding and projection runs depend on; nothing else (hover, selection, camera) wakes them. */
const reads = (s: LatentSkyState) => [s.pipelines, s.models, s.images, s.embeddings, s.embedRuns, s.ingest, s.projections, s.umap];

export function startScheduler(): () => void {
  return subscribeToSlices(useStore, reads, tick);
}

export function reproject(pipelineId: string): void {
  haltedProjection.delete(pipelineId);
  tick(getState());
}
