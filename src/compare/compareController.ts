import * as Comlink from 'comlink';
import { byContent, classLabels, modelOf, pipelineKey } from '../state/selectors';
import { followSlices, type LatentSkyState, type LatentSkyStoreApi } from '../state/store';
import type { CompareWorkerApi } from '../../workers/compare.worker';

/** A comparison worker: its API, and how to stop it. */
export interface CompareWorker {
  api: Pick<Comlink.Remote<CompareWorkerApi>, 'compare'>;
  worker: Pick<Worker, 'terminate'>;
}

export interface CompareDeps {
  store: LatentSkyStoreApi;
  spawnWorker: () => CompareWorker;
}

export type CompareController = ReturnType<typeof createCompareController>;

function inputsOf(s: LatentSkyState) {
  const ready = s.pipelines.flatMap((p) => {
    const key = pipelineKey(p, modelOf(s, p));
    const vectors = key ? s.embeddings.get(key) : undefined;
    return s.projections[p.id] && !s.projectRuns[p.id]?.running && vectors ? [{ p, vectors, ids: new Set(s.projections[p.id].imageIds) }] : [];
  });
  if (ready.length === 0) return undefined;
  // Rows: images present in every pipeline's projection, with a vector in each. An opened dataset
  // whose embedding is held for a sample only has its imported layout for every row, and vectors for
  // the sample and the rows read on demand since: those do not change the key, so a click does not
  // re-measure (the metrics stay the sample's).
  const inLayouts = s.images.filter((img) => ready.every((r) => r.ids.has(img.id)));
  const common = inLayouts.filter((img) => ready.every((r) => r.vectors.get(img.hash))).sort(byContent);
  if (common.length < 5) return undefined;
  const { classNames, labelOf } = classLabels(s.images, s);
  const position = new Map(s.images.map((img, i) => [img.id, i]));
  const nClasses = classNames.length;
  const labels = Int32Array.from(common, (img) => labelOf[position.get(img.id)!]);
  const key = JSON.stringify([ready.map(({ p }) => [p.id, s.projections[p.id].key]), inLayouts.map((img) => labelOf[position.get(img.id)!]).join(',')]);
  return { ready, common, labels, nClasses, key };
}

/** The key of the comparison the current state calls for (undefined when there is nothing to compare). */
export const comparisonKeyOf = (s: LatentSkyState) => inputsOf(s)?.key;

/**
 * Recomputes the comparison table in a worker whenever the set of projected pipelines, their
 * layouts or the labels change; images every pipeline could embed are measured. A run whose
 * inputs changed is stopped and replaced. Hover, selection and camera changes never wake it.
 */
export function createCompareController({ store, spawnWorker }: CompareDeps) {
  const { setState } = store;
  let running: { key: string; abort: AbortController } | undefined;

  async function run(s: LatentSkyState, inputs: NonNullable<ReturnType<typeof inputsOf>>): Promise<void> {
    const { ready, common, labels, nClasses, key } = inputs;
    const { api, worker } = spawnWorker();
    const abort = new AbortController();
    const { signal } = abort;
    signal.addEventListener('abort', () => worker.terminate(), { once: true });
    running = { key, abort };
    const imageIds = common.map((i) => i.id);
    setState({ comparison: { key, imageIds, running: true, result: s.comparison?.result } });
    const payload = ready.map(({ p, vectors }) => {
      const dim = vectors.get(common[0].hash)!.length;
      const X = new Float32Array(common.length * dim);
      common.forEach((img, i) => X.set(vectors.get(img.hash)!, i * dim));
      const index = new Map(s.projections[p.id].imageIds.map((id, i) => [id, i]));
      const coords = Float32Array.from(
        common.flatMap((img) => {
          const i = index.get(img.id)!;
          return [s.projections[p.id].coords[2 * i], s.projections[p.id].coords[2 * i + 1]];
        }),
      );
      return { id: p.id, X, dim, coords };
    });
    try {
      const result = await api.compare(
        Comlink.transfer(
          payload,
          payload.flatMap((p) => [p.X.buffer, p.coords.buffer] as ArrayBuffer[]),
        ),
        labels,
        nClasses,
      );
      if (!signal.aborted) setState({ comparison: { key, imageIds: result.rows.map((r) => imageIds[r]), result, running: false } });
    } catch (e) {
      if (!signal.aborted) setState({ comparison: { key, imageIds, running: false, error: e instanceof Error ? e.message : String(e) } });
    } finally {
      if (!signal.aborted) {
        worker.terminate();
        running = undefined;
      }
    }
  }

  function tick(s: LatentSkyState): void {
    if (s.ingest.done < s.ingest.queued) return;
    const inputs = inputsOf(s);
    if (!inputs || inputs.key === s.comparison?.key || inputs.key === running?.key) return;
    running?.abort.abort();
    running = undefined;
    void run(s, inputs);
  }

  /** What the comparison depends on; nothing else (hover, selection, camera) wakes it. */
  const reads = (s: LatentSkyState) => [
    s.ingest,
    s.pipelines,
    s.models,
    s.images,
    s.labelTable,
    s.labelEdits,
    s.embeddings,
    s.projections,
    s.projectRuns,
    s.comparison,
  ];

  return followSlices(store, reads, tick, () => {
    running?.abort.abort();
    running = undefined;
  });
}
