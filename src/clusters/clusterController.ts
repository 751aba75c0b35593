import { clusterParameters } from './lib/hdbscan';
import { subscribeToSlices, type LatentSkyState, type LatentSkyStore, type PipelineClusters } from '../state/store';

/** Runs HDBSCAN on a layout (n × 2, row-major); settles with a cluster per row (−1 = noise). Aborting ends the work. */
export type ClusterLayout = (coords: Float32Array, options: { minClusterSize: number; minSamples: number }, signal: AbortSignal) => Promise<Int32Array>;

export interface ClusterDeps {
  store: Pick<LatentSkyStore, 'getState' | 'setState' | 'subscribe'>;
  /** In the app, a worker (workers/cluster.worker.ts); in tests, the lib in process. */
  cluster: ClusterLayout;
}

export type ClusterController = ReturnType<typeof createClusterController>;

/** HDBSCAN here is exact and O(n²) in time (a few seconds at 20,000 points): larger layouts are not clustered. */
export const MAX_CLUSTER_POINTS = 20_000;
const TOO_MANY = `clusters are found in layouts of up to ${MAX_CLUSTER_POINTS.toLocaleString('en')} points`;

/** The key a pipeline's clusters are computed under (its layout's and the settings), or undefined while it has no finished layout. */
export function clusterKeyOf(s: LatentSkyState, pipelineId: string): string | undefined {
  const layout = s.projections[pipelineId];
  if (!layout || layout.partial || s.projectRuns[pipelineId]?.running) return undefined;
  const { minClusterSize, minSamples } = clusterParameters(layout.imageIds.length, s.clusterSettings);
  return JSON.stringify([layout.key, minClusterSize, minSamples]);
}

/**
 * Keeps every pipeline's density clusters in step with its finished layout and the clustering
 * settings: a layout that changes (new images, UMAP settings, a re-projection) or new settings
 * start a new clustering, which replaces one still running for the same pipeline. Progressive
 * frames of a layout are not clustered. Wakes only for the slices it reads.
 */
export function createClusterController(deps: ClusterDeps) {
  const { store } = deps;
  /** The clustering in flight per pipeline: what it is for and how to stop it. */
  const running = new Map<string, { key: string; abort: AbortController }>();

  const setRun = (id: string, run?: LatentSkyState['clusterRuns'][string]) =>
    store.setState((s) => {
      const clusterRuns = { ...s.clusterRuns };
      if (run) clusterRuns[id] = run;
      else delete clusterRuns[id];
      return { clusterRuns };
    });

  async function run(id: string, job: PipelineClusters & { coords: Float32Array }): Promise<void> {
    const abort = new AbortController();
    running.get(id)?.abort.abort();
    running.set(id, { key: job.key, abort });
    setRun(id, { running: true });
    const { coords, ...result } = job;
    try {
      const labels = await deps.cluster(coords, { minClusterSize: job.minClusterSize, minSamples: job.minSamples }, abort.signal);
      if (running.get(id)?.abort !== abort) return;
      store.setState((s) => ({ clusters: { ...s.clusters, [id]: { ...result, labels } } }));
      setRun(id, undefined);
    } catch (e) {
      if (running.get(id)?.abort === abort) setRun(id, { running: false, error: e instanceof Error ? e.message : String(e) });
    } finally {
      if (running.get(id)?.abort === abort) running.delete(id);
    }
  }

  function tick(s: LatentSkyState): void {
    for (const p of s.pipelines) {
      const key = clusterKeyOf(s, p.id);
      if (key === undefined || s.clusters[p.id]?.key === key || running.get(p.id)?.key === key) continue;
      const layout = s.projections[p.id];
      if (layout.imageIds.length > MAX_CLUSTER_POINTS) {
        if (s.clusterRuns[p.id]?.note !== TOO_MANY) setRun(p.id, { running: false, note: TOO_MANY });
        continue;
      }
      const { minClusterSize, minSamples } = clusterParameters(layout.imageIds.length, s.clusterSettings);
      void run(p.id, { key, imageIds: layout.imageIds, labels: new Int32Array(0), minClusterSize, minSamples, coords: layout.coords.slice() });
    }
    // A removed pipeline's clusters go with it.
    const gone = Object.keys(s.clusters).filter((id) => !s.pipelines.some((p) => p.id === id));
    for (const id of [...running.keys()].filter((id) => !s.pipelines.some((p) => p.id === id))) {
      running.get(id)!.abort.abort();
      running.delete(id);
    }
    if (gone.length) store.setState((st) => ({ clusters: Object.fromEntries(Object.entries(st.clusters).filter(([id]) => !gone.includes(id))) }));
  }

  const reads = (s: LatentSkyState) => [s.pipelines, s.projections, s.projectRuns, s.clusterSettings];
  return {
    /** Starts following the store; returns the function that stops it (and any clustering in flight). */
    start(): () => void {
      const unsubscribe = subscribeToSlices(store, reads, tick);
      tick(store.getState());
      return () => {
        unsubscribe();
        for (const r of running.values()) r.abort.abort();
        running.clear();
      };
    },
  };
}
