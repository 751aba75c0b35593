import * as Comlink from 'comlink';
import { mergeProbeUnits, probeFits, probeUnits, shareUnits, type ProbeData } from './lib/probe';
import { byContent, classInfo, classLabels, imageMeta, modelOf, pipelineKey } from '../state/selectors';
import { memoLast } from '../shared/lib/memo';
import { followSlices, type LatentSkyState, type LatentSkyStoreApi, type PipelineRecord } from '../state/store';
import type { ProbeWorkerApi } from '../../workers/probe.worker';

/** A probe worker: its API, and how to stop it. */
export interface ProbeWorker {
  api: Pick<Comlink.Remote<ProbeWorkerApi>, 'run' | 'probabilities'>;
  worker: Pick<Worker, 'terminate'>;
}

export interface ProbeDeps {
  store: LatentSkyStoreApi;
  spawnWorker: () => ProbeWorker;
  /** How many workers a sweep may spread over (one per core). */
  cores: number;
}

export type ProbeController = ReturnType<typeof createProbeController>;

/** How long a label change waits for the next before the probe re-runs (each run starts workers and fits every seed and budget). */
const LABEL_SETTLE_MS = 400;

// Labels change far less often than the store: fingerprint each (images, labels CSV, app labels) triple once.
const labelsOf = memoLast((images: LatentSkyState['images'], labelTable: LatentSkyState['labelTable'], labelEdits: LatentSkyState['labelEdits']): string => {
  const { names, indexOf } = classInfo(images, { labelTable, labelEdits });
  return JSON.stringify([names, Array.from(indexOf).join(''), images.map((i) => i.hash).join(',')]);
});
const labelsKey = (s: LatentSkyState): string => labelsOf(s.images, s.labelTable, s.labelEdits);

/** The key a pipeline's probe results carry for the current state (undefined while it is not ready to probe). */
export function probeKeyOf(s: LatentSkyState, pipelineId: string): string | undefined {
  const p = s.pipelines.find((x) => x.id === pipelineId);
  return p && probeKey(s, p);
}

function probeKey(s: LatentSkyState, p: PipelineRecord): string | undefined {
  const key = pipelineKey(p, modelOf(s, p));
  const vectors = key ? s.embeddings.get(key) : undefined;
  if (!key || !vectors || s.images.some((i) => !vectors.has(i.hash))) return undefined;
  return JSON.stringify([key, labelsKey(s), s.probeSettings]);
}

/** Embeddings and labels of one pipeline as the probe takes them; unlabelled and failed images are left out. */
function probeData(s: LatentSkyState, p: PipelineRecord): { data: ProbeData; imageIds: string[]; classNames: string[] } {
  const vectors = s.embeddings.get(pipelineKey(p, modelOf(s, p))!)!;
  const { classNames, labelOf } = classLabels(s.images, s);
  const rows = s.images
    .map((img, i) => ({ img, i }))
    .filter(({ img }) => vectors.get(img.hash))
    .sort((a, b) => byContent(a.img, b.img));
  const dim = vectors.get(rows[0]?.img.hash ?? '')?.length ?? 0;
  const X = new Float32Array(rows.length * dim);
  rows.forEach(({ img }, r) => X.set(vectors.get(img.hash)!, r * dim));
  const labels = Int32Array.from(rows, ({ i }) => labelOf[i]);
  const split = rows.map(({ img }) => imageMeta(img, s.labelTable).split?.trim().toLowerCase());
  const pixels = modelOf(s, p)?.request.source.kind === 'builtin';
  return {
    data: { X, dim, labels, nClasses: classNames.length, split: split.some(Boolean) ? split : undefined, pixels },
    imageIds: rows.map(({ img }) => img.id),
    classNames,
  };
}

/**
 * Runs the probe for every pipeline whose embeddings are complete, one pipeline at a time, and
 * again whenever labels, probe settings or the pipeline change. A pipeline's sweep is split by
 * (head, seed) over one worker per core. Results are keyed by (pipeline key, labels, settings), so
 * a pipeline is never probed twice for the same inputs, and a key that failed is not retried
 * until its inputs change. Hover, selection and camera changes never wake it.
 */
export function createProbeController({ store, spawnWorker, cores }: ProbeDeps) {
  const { getState, setState } = store;
  let running: { pipelineId: string; key: string; abort: AbortController } | undefined;
  const failedKeys = new Set<string>();
  // A label change waits for the next (labelling comes in bursts: a few clicks, an undo) before a run starts.
  let labelsSeen: LatentSkyState['labelEdits'] | undefined;
  let labelsSettling: ReturnType<typeof setTimeout> | undefined;

  async function run(p: PipelineRecord, key: string): Promise<void> {
    const s = getState();
    const settings = s.probeSettings;
    const { data, imageIds, classNames } = probeData(s, p);
    const units = probeUnits(settings);
    const pool = Array.from({ length: Math.max(1, Math.min(units.length, cores)) }, spawnWorker);
    const abort = new AbortController();
    const { signal } = abort;
    signal.addEventListener('abort', () => pool.forEach((w) => w.worker.terminate()), { once: true });
    running = { pipelineId: p.id, key, abort };
    const total = probeFits(settings);
    let done = 0;
    setState({ probeRun: { running: true, pipelineId: p.id, done, total } });
    // A worker's progress reports travel on their own message channel, unordered with its reply: the
    // last one can arrive after the run has finished (and shown it finished). Only the run in progress
    // reports, else a late "40 / 40" would stand as a run that never ends.
    const onFit = Comlink.proxy(() => {
      done++;
      if (running?.abort === abort) setState({ probeRun: { running: true, pipelineId: p.id, done, total } });
    });
    try {
      // Each worker gets its own copy of the embeddings and its share of the units.
      const shares = shareUnits(units, pool.length);
      const runs = pool.map(({ api }, w) => api.run(data, settings, shares[w], onFit));
      // The labelling queue's probabilities: one more fit, on the last worker beside its share.
      const [results, probabilities] = await Promise.all([Promise.all(runs), pool.at(-1)!.api.probabilities(data, settings)]);
      if (signal.aborted) return;
      setState((st) => ({
        probe: { ...st.probe, [p.id]: { key, results: mergeProbeUnits(data, settings, results.flat()), classNames, imageIds, probabilities } },
      }));
      setState({ probeRun: { running: false, done: 0, total: 0 } });
    } catch (e) {
      if (signal.aborted) return;
      failedKeys.add(key);
      setState({ probeRun: { running: false, done: 0, total: 0, error: `${e instanceof Error ? e.message : String(e)}` } });
    } finally {
      if (!signal.aborted) {
        pool.forEach((w) => w.worker.terminate());
        running = undefined;
        tick(getState()); // the next pipeline waits for no other store change
      }
    }
  }

  function tick(s: LatentSkyState): void {
    if (labelsSeen !== undefined && s.labelEdits !== labelsSeen) {
      clearTimeout(labelsSettling);
      labelsSettling = setTimeout(() => {
        labelsSettling = undefined;
        tick(getState());
      }, LABEL_SETTLE_MS);
    }
    labelsSeen = s.labelEdits;
    if (s.ingest.done < s.ingest.queued) return;
    // A run whose inputs changed meanwhile is abandoned, and what the new inputs call for starts
    // now (its own state change wakes nobody: the probe does not read probeRun).
    if (running) {
      const p = s.pipelines.find((x) => x.id === running!.pipelineId);
      if (p && probeKey(s, p) === running.key) return;
      running.abort.abort();
      running = undefined;
      setState({ probeRun: { running: false, done: 0, total: 0 } });
    }
    if (labelsSettling) return;
    if (classLabels(s.images, s).classNames.length < 2) return;
    for (const p of s.pipelines) {
      const key = probeKey(s, p);
      if (!key || s.probe[p.id]?.key === key || failedKeys.has(key)) continue;
      void run(p, key);
      return;
    }
  }

  /** What a probe run depends on; nothing else (hover, selection, camera) wakes the probe. */
  const reads = (s: LatentSkyState) => [s.ingest, s.pipelines, s.models, s.images, s.labelTable, s.labelEdits, s.embeddings, s.probe, s.probeSettings];

  return followSlices(store, reads, tick, () => {
    clearTimeout(labelsSettling);
    labelsSettling = undefined;
    running?.abort.abort();
    running = undefined;
  });
}
