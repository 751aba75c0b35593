import * as Comlink from 'comlink';
import { PROJECTION_VERSION } from './lib/projection';
import { memoLast } from '../shared/lib/memo';
import { byContent, modelOf, pipelineKey } from '../state/selectors';
import { followSlices, type LatentSkyState, type LatentSkyStoreApi, type ProjectRun } from '../state/store';
import type { ProjectWorkerApi } from '../../workers/project.worker';

/** A projection worker: its API, and how to stop it (the layout loop is synchronous, so only terminating stops it). */
export interface ProjectWorker {
  api: Pick<Comlink.Remote<ProjectWorkerApi>, 'project'>;
  worker: Pick<Worker, 'terminate'>;
}

/** A layout as the session cache keeps it: image content hashes in row order, and their coordinates. */
export interface CachedLayout {
  hashes: string[];
  coords: Float32Array;
}

export interface ProjectionDeps {
  store: LatentSkyStoreApi;
  /** Spawned only when no cached layout serves the run. */
  spawnWorker: () => ProjectWorker;
  cache: {
    loadLayout: (projectionKey: string) => Promise<CachedLayout | undefined>;
    saveLayout: (projectionKey: string, layout: CachedLayout) => Promise<unknown>;
  };
}

export type ProjectionController = ReturnType<typeof createProjectionController>;

// The image list changes far less often than the store: fingerprint each list once. In content
// order: ingest finishes files in no fixed order, and the rows are sorted anyway.
const imageListKey = memoLast((images: LatentSkyState['images']): string =>
  images
    .map((i) => i.hash)
    .sort()
    .join(','),
);

/** The key a pipeline's finished layout carries (undefined while its model is not ready). */
export function projectionKeyOf(s: LatentSkyState, pipelineId: string): string | undefined {
  const pipeline = s.pipelines.find((p) => p.id === pipelineId);
  const key = pipeline && pipelineKey(pipeline, modelOf(s, pipeline));
  return key && projectionKey(s, key);
}

function projectionKey(s: LatentSkyState, key: string): string {
  return JSON.stringify([key, s.umap, imageListKey(s.images), PROJECTION_VERSION]);
}

/**
 * Keeps each pipeline's UMAP layout in step with its embeddings and the UMAP parameters: once a
 * pipeline's embeddings are complete (and no drop is still arriving) it is projected, from the
 * session cache when the same layout was computed before, else in a worker with progressive frames.
 * Hover, selection and camera changes never wake it.
 */
export function createProjectionController({ store, spawnWorker, cache }: ProjectionDeps) {
  const { getState, setState } = store;
  /** Runs in flight, by pipeline: the projection key and how to stop it. */
  const running = new Map<string, { key: string; abort: AbortController }>();
  /** Projections cancelled by the user, by pipeline: the projection key they were computing. */
  const halted = new Map<string, string>();
  function setRun(id: string, patch: Partial<ProjectRun>): void {
    setState((s) => {
      const prev = s.projectRuns[id] ?? { running: false, progress: 0 };
      return { projectRuns: { ...s.projectRuns, [id]: { ...prev, ...patch } } };
    });
  }

  async function run(pipelineId: string, key: string, projKey: string): Promise<void> {
    running.get(pipelineId)?.abort.abort();
    const abort = new AbortController();
    const { signal } = abort;
    running.set(pipelineId, { key: projKey, abort });
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
    setRun(pipelineId, { running: true, progress: 0, error: undefined, cancelled: undefined });
    const mine = () => !signal.aborted;
    try {
      const cached = await cache.loadLayout(projKey);
      const reusable = cached && cached.hashes.length === hashes.length && cached.hashes.every((h, i) => h === hashes[i]);
      let coords: Float32Array;
      if (reusable) coords = cached.coords;
      else {
        signal.throwIfAborted();
        const { api, worker } = spawnWorker();
        signal.addEventListener('abort', () => worker.terminate(), { once: true });
        try {
          coords = await api.project(
            Comlink.transfer(flat, [flat.buffer]),
            images.length,
            dim,
            s.umap,
            Comlink.proxy((progress: number) => mine() && setRun(pipelineId, { progress })),
            // Progressive display: the layout so far, marked unfinished.
            Comlink.proxy((frame: Float32Array) => {
              if (mine()) setState((st) => ({ projections: { ...st.projections, [pipelineId]: { key: projKey, imageIds, coords: frame, partial: true } } }));
            }),
          );
        } finally {
          worker.terminate();
        }
        await cache.saveLayout(projKey, { hashes, coords: coords.slice() });
      }
      if (!mine()) return;
      setState((st) => ({ projections: { ...st.projections, [pipelineId]: { key: projKey, imageIds, coords, fromCache: !!reusable } } }));
      setRun(pipelineId, { running: false, progress: 1 });
    } catch (e) {
      if (mine()) setRun(pipelineId, { running: false, error: e instanceof Error ? e.message : String(e) });
    } finally {
      if (mine()) running.delete(pipelineId);
    }
  }

  function tick(s: LatentSkyState): void {
    // Wait for the drop to finish so one projection covers all of it.
    if (s.ingest.done < s.ingest.queued || s.images.length === 0) return;
    for (const pipeline of s.pipelines) {
      const key = pipelineKey(pipeline, modelOf(s, pipeline));
      if (!key || s.embedRuns[pipeline.id]?.running) continue;
      // An opened dataset's coordinates are shown as they are (datasetOpener.ts).
      if (s.projections[pipeline.id]?.imported) continue;
      const vectors = s.embeddings.get(key);
      if (s.images.some((i) => !vectors?.has(i.hash))) continue;
      const projKey = projectionKey(s, key);
      const done = s.projections[pipeline.id];
      if ((done?.key === projKey && !done.partial) || running.get(pipeline.id)?.key === projKey) continue;
      if (halted.get(pipeline.id) === projKey) continue;
      void run(pipeline.id, key, projKey);
    }
  }

  /** What a projection depends on; nothing else (hover, selection, camera) wakes it. */
  const reads = (s: LatentSkyState) => [s.pipelines, s.models, s.images, s.embeddings, s.embedRuns, s.ingest, s.projections, s.umap];

  const following = followSlices(store, reads, tick, () => {
    running.forEach((r) => r.abort.abort());
    running.clear();
  });
  return {
    /** Starts following the store (and acts on what is already there). */
    start: following.start,
    /** Stops the pipeline's projection; it stays stopped until its inputs change or `reproject`. */
    cancel(pipelineId: string): void {
      const current = running.get(pipelineId);
      if (!current) return;
      current.abort.abort();
      running.delete(pipelineId);
      halted.set(pipelineId, current.key);
      setRun(pipelineId, { running: false, progress: 0, cancelled: true });
    },
    /** Projects the pipeline again after a cancel (or an error). */
    reproject(pipelineId: string): void {
      halted.delete(pipelineId);
      tick(getState());
    },
    dispose: following.dispose,
  };
}
