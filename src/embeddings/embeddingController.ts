import type { Preprocessing } from '../preprocessing/lib/preprocessing';
import { inputRecipe, inputSize, modelOf, pipelineKey } from '../state/selectors';
import { followSlices, type EmbedRun, type LatentSkyState, type LatentSkyStoreApi, type PipelineRecord, type SkippedFile } from '../state/store';
import { WorkerDiedError } from '../shared/workers';
import { isFiniteVector, splitFinite } from './lib/finite';
import type { ImportedEmbeddings } from './importer';
import type { SessionCache } from './sessionCache';
import type { PrepareResult } from '../../workers/decode.worker';
import type { EmbedWorkerApi } from '../../workers/embed.worker';

/** What the controller needs of a model's worker; a call rejects (WorkerDiedError) if the worker dies. */
export interface EmbedClient {
  embed: (...args: Parameters<EmbedWorkerApi['embed']>) => ReturnType<EmbedWorkerApi['embed']>;
}

export interface EmbeddingDeps {
  store: LatentSkyStoreApi;
  /** The original file of a content hash, kept by ingest (undefined: not dropped in this session). */
  fileOf: (hash: string) => { blob: Blob; name: string } | undefined;
  /** Decodes files and applies a pipeline's preprocessing (in a decode worker). */
  prepare: (files: Blob[], names: string[], preprocessing: Preprocessing) => Promise<PrepareResult[]>;
  /** The model's worker, while it has a live one. */
  embedder: (modelId: string) => EmbedClient | undefined;
  cache: Pick<SessionCache, 'loadEmbeddings' | 'saveEmbeddings'>;
  imported: Pick<ImportedEmbeddings, 'fill' | 'fileOf'>;
  /** Milliseconds, for the images-per-second figure. */
  now?: () => number;
}

export type EmbeddingController = ReturnType<typeof createEmbeddingController>;

const CHUNK = 8;

const uniqueHashes = (s: LatentSkyState) => [...new Set(s.images.map((i) => i.hash))];

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

/**
 * Keeps embeddings in step with what the user chose: whenever the pipelines, models or images
 * change, any pipeline whose model is ready and that has images it has not embedded starts
 * embedding. Every result is keyed by content, so nothing is recomputed: two pipelines that differ
 * only in UMAP parameters share embeddings. Hover, selection and camera changes never wake it.
 */
export function createEmbeddingController(deps: EmbeddingDeps) {
  const { store, fileOf, cache, imported } = deps;
  const now = deps.now ?? (() => performance.now());
  const { getState, setState } = store;
  /** Runs in flight, by pipeline; aborting one stops it after the chunk it is on. */
  const running = new Map<string, AbortController>();
  /** Runs stopped by the user or by an error, by pipeline: the key they were embedding. Not restarted until the key changes. */
  const halted = new Map<string, string>();
  const tallies = new Map<string, Tally>();
  function setRun(id: string, patch: Partial<EmbedRun>): void {
    setState((s) => {
      const prev = s.embedRuns[id] ?? { running: false, done: 0, total: 0, imagesPerSecond: 0, failures: [] };
      return { embedRuns: { ...s.embedRuns, [id]: { ...prev, ...patch } } };
    });
  }

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
  async function run(pipeline: PipelineRecord, key: string): Promise<void> {
    const abort = new AbortController();
    const { signal } = abort;
    running.set(pipeline.id, abort);
    const started = now();
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
      // The dimension of the vectors already held: a record of another size is not this pipeline's.
      const cached = await cache.loadEmbeddings(key, wanted, heldDim(vectors));
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
      if (!c || signal.aborted) return undefined;
      const vectors = vectorsOf(c.s);
      const hashes = uniqueHashes(c.s)
        .filter((h) => checked.has(h) && !vectors.has(h) && !inFlight.has(h) && fileOf(h))
        .slice(0, CHUNK);
      if (hashes.length === 0) return undefined;
      hashes.forEach((h) => inFlight.add(h));
      const files = hashes.map((h) => fileOf(h)!);
      return {
        hashes,
        prepared: await deps.prepare(
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
        const api = deps.embedder(pipeline.modelId);
        if (!c || !api || signal.aborted) break;
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
          if (fresh.length) await cache.saveEmbeddings(key, fresh);
          embeddedHere += ok.length;
          setRun(pipeline.id, { dim: result.dim, imagesPerSecond: embeddedHere / ((now() - started) / 1000) });
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
      if (signal.aborted) halted.set(pipeline.id, key);
    } catch (e) {
      // A dead worker puts its model in the error state (with Retry); the run resumes once the model is ready again.
      if (!(e instanceof WorkerDiedError)) {
        halted.set(pipeline.id, key);
        setRun(pipeline.id, { error: e instanceof Error ? e.message : String(e) });
      }
    } finally {
      next?.catch(() => undefined); // a prefetched chunk of a stopped run is dropped
      running.delete(pipeline.id);
      setRun(pipeline.id, { running: false });
    }
  }

  /** An imported model's vectors come from its file: filled in at once, with the images it has no row for listed as failed. */
  function fillImported(s: LatentSkyState, pipeline: PipelineRecord, key: string): boolean {
    const filled = imported.fill(s, pipeline, key);
    if (!filled) return false;
    const failures = filled.missing.map((name) => ({ name, reason: `no row for this image in ${imported.fileOf(pipeline.modelId)}` }));
    setState((st) => ({ embeddings: new Map(st.embeddings).set(key, filled.vectors) }));
    const dim = [...filled.vectors.values()].find((v) => v)?.length;
    setRun(pipeline.id, {
      failures: [...(getState().embedRuns[pipeline.id]?.failures ?? []), ...failures],
      dim,
      done: filled.vectors.size,
      total: filled.vectors.size,
    });
    return true;
  }

  function tick(s: LatentSkyState): void {
    for (const pipeline of s.pipelines) {
      const model = modelOf(s, pipeline);
      const key = pipelineKey(pipeline, model);
      if (!key) continue;
      if (model?.request.source.kind === 'imported' && fillImported(s, pipeline, key)) return; // the store changed: the next tick continues
      // An opened dataset's rows come without pixels: whatever its file did not give, nothing can embed (datasetOpener.ts).
      if (s.projections[pipeline.id]?.imported) continue;
      const vectors = s.embeddings.get(key);
      if (!s.images.some((i) => !vectors?.has(i.hash))) continue;
      if (!running.has(pipeline.id) && halted.get(pipeline.id) !== key) void run(pipeline, key);
    }
  }

  /** What embedding depends on; nothing else (hover, selection, camera) wakes it. */
  const reads = (s: LatentSkyState) => [s.pipelines, s.models, s.images, s.embeddings, s.embedRuns];

  const following = followSlices(store, reads, tick, () => running.forEach((r) => r.abort()));
  return {
    /** Starts following the store (and acts on what is already there). */
    start: following.start,
    /** Stops the pipeline's run after the chunk it is on; it stays stopped until its inputs change or `resume`. */
    cancel(pipelineId: string): void {
      running.get(pipelineId)?.abort();
    },
    /** Lets a stopped or failed pipeline embed again. */
    resume(pipelineId: string): void {
      halted.delete(pipelineId);
      setRun(pipelineId, { error: undefined });
    },
    /** Stops following the store and every run. */
    dispose: following.dispose,
  };
}

/** The dimension of the first vector held (without copying the map: this runs once per chunk). */
function heldDim(vectors: ReadonlyMap<string, Float32Array | null>): number | undefined {
  for (const v of vectors.values()) if (v) return v.length;
  return undefined;
}
