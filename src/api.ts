import { DEFAULT_PREPROCESSING, describePreprocessing, type Preprocessing } from './preprocessing/lib/preprocessing';
import type { ProbeSettings } from './probe/lib/probe';
import type { ProbeComparison } from './probe/lib/pipelineComparisons';
import { probeComparisons } from './probe/probeComparisons';
import { probeKeyOf } from './probe/probeController';
import { DEFAULT_UMAP, type UmapParams } from './projection/lib/projection';
import type { AddModelOptions } from './models/lib/modelOptions';
import type { CachedModel } from './models/modelCache';
import type { AppServices } from './shared/ui/services';
import { checkRecipe } from './models/lib/inputRecipes';
import type { ModelInputRecipe } from './models/lib/modelInput';
import { currentInvariance, embeddedCount, imageLabel, imageSky, inputRecipe, modelOf, pipelineKey, pipelineTitle } from './state/selectors';
import type { LatentSkyState, LatentSkyStoreApi, QueryRow } from './state/store';
import type { Orientation } from './images/lib/orient';
import { clusterMembers, clusterView } from './clusters/clusterView';
import { clusterAgreement, type ClusterAgreementPair } from './clusters/lib/agreement';
import { QUERY_K, type QueryController } from './query/queryController';
import { placeByNeighbours } from './query/lib/placement';
import { labelImages, redoLabel, undoLabel } from './labelling/labelActions';
import { labelQueues, neighbourDisagreement } from './labelling/labelQueues';

/** Numbers that JSON cannot carry (NaN, ±∞) become null. */
type JsonSafe<T> = { [K in keyof T]: T[K] extends number ? number | null : T[K] };
const jsonSafe = <T extends object>(o: T): JsonSafe<T> =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' && !Number.isFinite(v) ? null : v])) as JsonSafe<T>;

/**
 * The orientation-invariance check (src/compare/invariance.ts): the run's state and, per measured
 * pipeline, the means per orientation and every sampled image's numbers (arrays in `orientations`
 * order; predictions as class names, null without labels of two classes). `current` is false once
 * the pipeline or the images changed after the measurement.
 */
export interface InvarianceSnapshot {
  sampleSize: number;
  running: boolean;
  done: number;
  total: number;
  error: string | null;
  cancelled: boolean;
  results: {
    pipelineId: string;
    current: boolean;
    n: number;
    references: number;
    k: number;
    failed: number;
    orientations: Orientation[];
    perOrientation: { orientation: Orientation; meanCosine: number; meanKept: number; flipRate: number | null }[];
    images: { name: string; cosine: number[]; kept: number[]; predicted: string | null; predictedTurned: (string | null)[] }[];
  }[];
}

function invarianceSnapshot(s: LatentSkyState): InvarianceSnapshot {
  const { run, results, sampleSize } = s.invariance;
  const nameOf = new Map<string, string>();
  for (const img of [...s.images].reverse()) nameOf.set(img.hash, img.name);
  return {
    sampleSize,
    running: run.running,
    done: run.done,
    total: run.total,
    error: run.error ?? null,
    cancelled: !!run.cancelled,
    results: s.pipelines.flatMap((p) => {
      const o = results[p.id];
      if (!o) return [];
      const r = o.result;
      const className = (c: number | undefined) => (c === undefined || c < 0 ? null : o.classNames[c]);
      return [
        {
          pipelineId: p.id,
          current: currentInvariance(s, p.id) === o,
          n: o.sampleHashes.length,
          references: o.hashes.length,
          k: r.k,
          failed: o.failed,
          orientations: r.orientations,
          perOrientation: r.summary.map((x) => ({ ...x, flipRate: Number.isFinite(x.flipRate) ? x.flipRate : null })),
          images: o.sampleHashes.map((h, i) => ({
            name: nameOf.get(h) ?? h,
            cosine: r.cosine.map((c) => c[i]),
            kept: r.kept.map((k) => k[i]),
            predicted: className(r.predicted?.[i]),
            predictedTurned: r.orientations.map((_, t) => className(r.copyPredicted?.[t][i])),
          })),
        },
      ];
    }),
  };
}

/** JSON-safe picture of the app, for scripts and end-to-end tests. */
export interface Snapshot {
  images: { name: string; label: string | null; ra: number | null; dec: number | null }[];
  models: {
    id: string;
    name: string;
    registryId: string | null;
    dtype: string | null;
    fromCache: boolean;
    status: string;
    backend: string | null;
    dim: number | null;
    embedded: number;
    error: string | null;
  }[];
  /** `modelInput`: the input recipe the pipeline uses (its own or its model's; null = plain bilinear resize). */
  pipelines: {
    id: string;
    modelId: string;
    title: string;
    steps: string[];
    preprocessing: Preprocessing;
    modelInput: ModelInputRecipe | null;
    embedded: number;
    dim: number | null;
    failures: { name: string; reason: string }[];
    restored: number;
    computed: number;
  }[];
  /** coords = [x0, y0, x1, y1, …] in the order of `images`; null where an image is not (yet) projected. */
  /** `imported`: the coordinates came with an opened dataset file. */
  projections: { pipelineId: string; modelId: string; n: number; fromCache: boolean; imported: boolean; coords: (number | null)[] }[];
  skipped: { name: string; reason: string }[];
  ingest: { queued: number; done: number };
  /** Embedding metrics per pipeline, Jaccard overlaps and linear CKA (plain, debiased) between pipelines (null until computed). */
  compare: {
    n: number;
    perPipeline: Record<string, { knnAccuracy: number; knnMacroF1: number; silhouette: number; trustworthiness: number; continuity: number }>;
    pairs: { a: string; b: string; jaccard: number; cka: number; ckaDebiased: number }[];
    invariance: InvarianceSnapshot;
  } | null;
  /**
   * Density clusters (HDBSCAN on each pipeline's 2-D layout): per image in `images` order its
   * cluster (−1 = noise, null = not in the layout), and per cluster its size, labelled members,
   * majority class and purity (labelled members of that class / labelled members; null when none).
   */
  clusters: PipelineClustersSnapshot[];
  /** Adjusted Rand index between every two pipelines' clusterings, on the images both clustered (null below 2). */
  clusterAgreement: JsonSafe<ClusterAgreementPair>[];
  /** Linked view state: the hovered image and the selected images (by file name), shared by every panel. */
  view: { hovered: string | null; selection: string[]; hiddenClasses: string[]; showContours: boolean };
  probe: {
    settings: ProbeSettings;
    running: boolean;
    error: string | null;
    /** `current`: computed for the present labels, settings and embeddings (false while a re-run is due or running). */
    results: {
      pipelineId: string;
      head: string;
      budget: string;
      macroF1Mean: number;
      macroF1Std: number;
      accuracyMean: number;
      nTrain: number;
      current: boolean;
    }[];
    /** Paired tests between every pair of pipelines per head and budget (src/probe/lib/pipelineComparisons.ts); undefined numbers are null. */
    comparisons: JsonSafe<ProbeComparison>[];
  };
}

export interface PipelineClustersSnapshot {
  pipelineId: string;
  minClusterSize: number;
  minSamples: number;
  labels: (number | null)[];
  noise: number;
  clusters: { cluster: number; size: number; labelled: number; majorityClass: string | null; purity: number | null }[];
}

function clustersOf(s: LatentSkyState, pipelineId: string): PipelineClustersSnapshot | undefined {
  const view = clusterView(s, pipelineId);
  if (!view) return undefined;
  const label = new Map(view.imageIds.map((id, i) => [id, view.labels[i]]));
  return {
    pipelineId,
    minClusterSize: view.minClusterSize,
    minSamples: view.minSamples,
    labels: s.images.map((img) => label.get(img.id) ?? null),
    noise: view.noise,
    clusters: view.summaries.map((c) => ({ ...c, purity: Number.isFinite(c.purity) ? c.purity : null })),
  };
}

function snapshot(s: LatentSkyState): Snapshot {
  const firstPipeline = (modelId: string) => s.pipelines.find((p) => p.modelId === modelId);
  return {
    images: s.images.map((img) => {
      const sky = imageSky(img, s.labelTable);
      return { name: img.name, label: imageLabel(img, s) ?? null, ra: sky?.ra ?? null, dec: sky?.dec ?? null };
    }),
    models: s.models.map((m) => {
      const p = firstPipeline(m.id);
      return {
        id: m.id,
        name: m.request.name,
        registryId: m.request.registryId ?? null,
        dtype: m.request.dtype ?? null,
        fromCache: !!m.fromCache,
        status: m.status,
        backend: m.info?.backend ?? null,
        dim: (p && s.embedRuns[p.id]?.dim) ?? null,
        embedded: p ? embeddedCount(s, p) : 0,
        error: m.error ?? (p && s.embedRuns[p.id]?.error) ?? null,
      };
    }),
    pipelines: s.pipelines.map((p) => ({
      id: p.id,
      modelId: p.modelId,
      title: pipelineTitle(s.models, p),
      steps: describePreprocessing(p.preprocessing),
      preprocessing: p.preprocessing,
      modelInput: inputRecipe(p, modelOf(s, p)) ?? null,
      embedded: embeddedCount(s, p),
      dim: s.embedRuns[p.id]?.dim ?? null,
      failures: [...(s.embedRuns[p.id]?.failures ?? [])],
      restored: s.embedRuns[p.id]?.restored ?? 0,
      computed: s.embedRuns[p.id]?.computed ?? 0,
    })),
    projections: Object.entries(s.projections).flatMap(([pipelineId, p]) => {
      const pipeline = s.pipelines.find((x) => x.id === pipelineId);
      // A layout still being optimised (progressive display) is not a result yet.
      if (!pipeline || p.partial) return [];
      const index = new Map(p.imageIds.map((id, i) => [id, i]));
      return [
        {
          pipelineId,
          modelId: pipeline.modelId,
          n: p.imageIds.length,
          fromCache: !!p.fromCache,
          imported: !!p.imported,
          coords: s.images.flatMap((img) => {
            const i = index.get(img.id);
            return i === undefined ? [null, null] : [p.coords[2 * i], p.coords[2 * i + 1]];
          }),
        },
      ];
    }),
    skipped: s.skipped.map((k) => ({ ...k })),
    ingest: { ...s.ingest },
    compare:
      s.comparison?.result && !s.comparison.running
        ? {
            n: s.comparison.result.rows.length,
            perPipeline: s.comparison.result.perPipeline,
            pairs: s.comparison.result.pairs,
            invariance: invarianceSnapshot(s),
          }
        : null,
    clusters: s.pipelines.flatMap((p) => clustersOf(s, p.id) ?? []),
    clusterAgreement: clusterAgreement(s.pipelines.flatMap((p) => (s.clusters[p.id] ? [{ id: p.id, ...s.clusters[p.id]! }] : []))).map(jsonSafe),
    view: {
      hovered: s.images.find((i) => i.id === s.hoveredId)?.name ?? null,
      selection: s.images.filter((i) => s.selection?.has(i.id)).map((i) => i.name),
      hiddenClasses: [...s.hiddenClasses],
      showContours: s.showContours,
    },
    probe: {
      settings: s.probeSettings,
      running: s.probeRun.running,
      error: s.probeRun.error ?? null,
      results: s.pipelines.flatMap((p) =>
        (s.probe[p.id]?.results ?? []).map((r) => ({
          pipelineId: p.id,
          head: r.head,
          budget: r.budgetLabel,
          macroF1Mean: r.macroF1Mean,
          macroF1Std: r.macroF1Std,
          accuracyMean: r.accuracyMean,
          nTrain: r.nTrain,
          current: s.probe[p.id]?.key === probeKeyOf(s, p.id),
        })),
      ),
      comparisons: probeComparisons(s).map(jsonSafe),
    },
  };
}

/** Checks probe settings from scripts (the UI only offers valid ones). */
function checkProbeSettings(p: Partial<ProbeSettings>): void {
  if (p.heads && !(p.heads.length > 0 && p.heads.every((h) => h === 'linear' || h === 'mlp')))
    throw new Error("heads must be a non-empty list of 'linear' and 'mlp'");
  if (p.whitening && !['none', 'standardise', 'pca'].includes(p.whitening)) throw new Error("whitening must be 'none', 'standardise' or 'pca'");
  if (p.seeds !== undefined && !(Number.isInteger(p.seeds) && p.seeds >= 1 && p.seeds <= 50)) throw new Error('seeds must be a whole number from 1 to 50');
  if (p.testFraction !== undefined && !(p.testFraction > 0 && p.testFraction < 1)) throw new Error('testFraction must be between 0 and 1');
  if (p.C !== undefined && !(p.C > 0)) throw new Error('C must be positive');
  if (
    p.budgets &&
    !(
      p.budgets.length > 0 &&
      p.budgets.every((b) => (b.kind === 'fraction' && b.value > 0 && b.value <= 1) || (b.kind === 'perClass' && Number.isInteger(b.value) && b.value > 0))
    )
  ) {
    throw new Error("budgets must be [{kind: 'fraction', value: 0–1}] or [{kind: 'perClass', value: whole number}]");
  }
}

/** The labelling queues by file name (src/labelling/lib/queues.ts explains the scores). */
export interface ApiLabelQueues {
  uncertain: { name: string; score: number; margin: number; likely: string }[];
  disagreement: { name: string; score: number; prediction: number | null; neighbours: number | null; predicted: (string | null)[] }[];
}

export interface LatentSkyApi {
  /** Adds a model from a URL (with a default pipeline); settles when it is ready to embed, or rejects with the reason. */
  addModel(options: Omit<AddModelOptions, 'file'>): Promise<{ id: string; name: string; output: string; backend: string; pipelineId: string }>;
  /** Sets where zoo models are downloaded from: the Hugging Face hub or a mirror with its URL layout. */
  setHub(endpoint: string): void;
  /** The model files kept in this browser's cache. */
  cachedModels(): Promise<CachedModel[]>;
  /** Adds another pipeline for a model: the same model with other preprocessing (merged over the defaults). */
  /** `modelInput` overrides the model's input recipe (src/models/lib/inputRecipes.ts; null = plain bilinear resize). */
  addPipeline(options: { modelId: string; preprocessing?: Partial<Preprocessing>; modelInput?: ModelInputRecipe | null }): string;
  /** Adds files as if dropped (File objects, with an optional folder-relative path each). */
  addFiles(files: (File | { file: File; path: string })[]): Promise<void>;
  /** Opens a dataset Parquet file (latent-sky's, or Embedding Atlas's columns) from a URL: its rows become the images. Resolves when it is open (or refused: see `dataset`). */
  openDataset(url: string): Promise<void>;
  /** Sets UMAP parameters; projections follow by themselves. */
  setUmap(params: Partial<UmapParams>): void;
  /** Changes probe settings (merged over the current ones); the probe re-runs by itself. */
  setProbe(settings: Partial<ProbeSettings>): void;
  /** Adds the raw-pixels reference model (no network) with its pipeline; resolves with the pipeline id. */
  addPixelBaseline(): Promise<string>;
  /** Opens the preview of an image (by file name) through a pipeline. */
  preview(name: string, pipelineId: string): void;
  /**
   * Runs the orientation-invariance check (optionally with another sample size, or on some pipelines
   * only); settles when it is done (rejects with the reason if it failed). Results: `snapshot().compare.invariance`.
   */
  runInvariance(options?: { sampleSize?: number; pipelineIds?: string[] }): Promise<void>;
  /** Stops a running invariance check. */
  cancelInvariance(): void;
  snapshot(): Snapshot;
  /** Labels the images with these file names as `label` (null: no label) in one undoable step; throws on a bad class name or an unknown file. */
  assignLabels(names: string[], label: string | null): void;
  /** Undoes / redoes the last label change; false when there was none. */
  undoLabels(): boolean;
  redoLabels(): boolean;
  /** The "label next" queues, their first `n` (default 20) unlabelled images each, best first. */
  labelQueues(n?: number): ApiLabelQueues;
  /** A pipeline's embeddings so far, one row per image (file name and content hash), as plain numbers. */
  embeddings(pipelineId: string): { name: string; hash: string; vector: number[] }[];
  /** A pipeline's density clusters as in `snapshot().clusters`, or null before they are computed. */
  clusters(pipelineId: string): PipelineClustersSnapshot | null;
  /** Sets the clustering's minimum cluster size and min samples (whole numbers; undefined = chosen from the number of points); clusters follow. */
  setClusterSettings(settings: { minClusterSize?: number; minSamples?: number }): void;
  /** Selects the members of one of a pipeline's clusters (its number in `clusters(pipelineId)`), in every panel. */
  selectCluster(pipelineId: string, cluster: number): void;
  /** Shows or hides the density contours in every panel. */
  setContours(on: boolean): void;
  /**
   * Query by image: embeds one file (not added to the set) with every pipeline and returns, per
   * pipeline, its k nearest images (cosine distance), its embedding, and where its marker sits in
   * the layout (`snapshot().projections` coordinates; the neighbours' inverse-distance weighted mean).
   */
  queryByImage(file: File, options?: { k?: number }): Promise<QueryAnswer>;
  /** Forgets the query image (its neighbours and markers). */
  clearQuery(): void;
}

/** What queryByImage resolves with. */
export interface QueryAnswer {
  name: string;
  pipelines: {
    pipelineId: string;
    neighbours: { name: string; distance: number }[];
    vector: number[] | null;
    position: [number, number] | null;
    error: string | null;
  }[];
}

/** The query's rows as plain data, with the marker's position in each pipeline's layout. */
function queryAnswer(s: LatentSkyState, name: string, rows: QueryRow[]): QueryAnswer {
  const byId = new Map(s.images.map((i) => [i.id, i]));
  return {
    name,
    pipelines: rows.map((r) => {
      const projection = s.projections[r.pipelineId];
      const index = new Map(projection?.imageIds.map((id, i) => [id, i]));
      const at = (n: number) => {
        const i = index.get(r.neighbours[n].imageId);
        return projection && i !== undefined ? ([projection.coords[2 * i], projection.coords[2 * i + 1]] as const) : undefined;
      };
      return {
        pipelineId: r.pipelineId,
        neighbours: r.neighbours.map((n) => ({ name: byId.get(n.imageId)?.name ?? n.imageId, distance: n.distance })),
        vector: r.vector ? Array.from(r.vector) : null,
        position:
          placeByNeighbours(
            r.neighbours.map((n, i) => ({ index: i, distance: n.distance })),
            at,
          ) ?? null,
        error: r.error ?? null,
      };
    }),
  };
}

/** The automation facade, over the store and the controllers the composition root created. */
export function createApi(services: ApiServices, store: LatentSkyStoreApi): LatentSkyApi {
  const { getState, setState } = store;
  const { invariance, models, pipelines } = services;
  return {
    async addModel(options) {
      const m = await models.add({ ...options, file: undefined });
      const pipelineId = getState().pipelines.find((p) => p.modelId === m.id)!.id;
      return { id: m.id, name: m.request.name, output: m.info!.output, backend: m.info!.backend, pipelineId };
    },
    setHub(endpoint) {
      if (!/^https?:\/\//.test(endpoint)) throw new Error('the hub must be an http(s) URL');
      setState({ hubEndpoint: endpoint });
    },
    cachedModels: () => services.modelCache.listCachedModels(),
    addPipeline: ({ modelId, preprocessing, modelInput }) =>
      pipelines.add(modelId, { ...DEFAULT_PREPROCESSING, ...preprocessing }, modelInput == null ? modelInput : checkRecipe(modelInput)).id,
    addFiles: (files) =>
      services.openFiles(
        files.map((f) => (f instanceof File ? { file: f, path: f.name } : f)),
        'api',
      ),
    openDataset: (url) => services.datasets.openUrl(url),
    setUmap(params) {
      setState((s) => ({ umap: { ...DEFAULT_UMAP, ...s.umap, ...params } }));
    },
    setProbe(settings) {
      checkProbeSettings(settings);
      setState((s) => ({ probeSettings: { ...s.probeSettings, ...settings } }));
    },
    async addPixelBaseline() {
      const m = await models.addPixelBaseline();
      return getState().pipelines.find((p) => p.modelId === m.id)!.id;
    },
    preview(name, pipelineId) {
      const img = getState().images.find((i) => i.name === name);
      if (!img) throw new Error(`no image named "${name}"`);
      setState({ preview: { imageId: img.id, pipelineId } });
    },
    snapshot: () => snapshot(getState()),
    assignLabels(names, label) {
      if (!Array.isArray(names)) throw new Error('names must be a list of file names');
      const images = getState().images;
      const ids = names.flatMap((name) => {
        const found = images.filter((i) => i.name === name);
        if (found.length === 0) throw new Error(`no image named "${String(name).slice(0, 200)}"`);
        return found.map((i) => i.id);
      });
      labelImages(store, ids, label);
    },
    undoLabels() {
      const before = getState().labelEdits;
      undoLabel(store);
      return getState().labelEdits !== before;
    },
    redoLabels() {
      const before = getState().labelEdits;
      redoLabel(store);
      return getState().labelEdits !== before;
    },
    labelQueues(n = 20) {
      const s = getState();
      const q = labelQueues(s, neighbourDisagreement(s.comparison) ?? new Map(), n);
      const name = (id: string) => s.images.find((i) => i.id === id)!.name;
      return {
        uncertain: q.uncertain.map(({ id, ...e }) => ({ name: name(id), ...e })),
        disagreement: q.disagreement.map(({ id, ...e }) => ({ name: name(id), ...e })),
      };
    },
    embeddings(pipelineId) {
      const s = getState();
      const pipeline = s.pipelines.find((p) => p.id === pipelineId);
      if (!pipeline) throw new Error(`no pipeline "${pipelineId}"`);
      const key = pipelineKey(
        pipeline,
        s.models.find((m) => m.id === pipeline.modelId),
      );
      const vectors = key ? s.embeddings.get(key) : undefined;
      return s.images.flatMap((img) => {
        const v = vectors?.get(img.hash);
        return v ? [{ name: img.name, hash: img.hash, vector: Array.from(v) }] : [];
      });
    },
    clusters: (pipelineId) => clustersOf(getState(), pipelineId) ?? null,
    setClusterSettings({ minClusterSize, minSamples }) {
      if (minClusterSize !== undefined && !(Number.isInteger(minClusterSize) && minClusterSize >= 2))
        throw new Error('minClusterSize must be a whole number ≥ 2');
      if (minSamples !== undefined && !(Number.isInteger(minSamples) && minSamples >= 1)) throw new Error('minSamples must be a whole number ≥ 1');
      setState({ clusterSettings: { minClusterSize, minSamples } });
    },
    selectCluster(pipelineId, cluster) {
      const c = getState().clusters[pipelineId];
      if (!c) throw new Error(`pipeline "${pipelineId}" has no clusters (yet)`);
      const members = clusterMembers(c, cluster);
      if (members.length === 0) throw new Error(`pipeline "${pipelineId}" has no cluster ${cluster}`);
      setState({ selection: new Set(members) });
    },
    setContours(on) {
      setState({ showContours: on });
    },
    ...queryApi(services.query, getState),
    async runInvariance({ sampleSize, pipelineIds } = {}) {
      if (sampleSize !== undefined) invariance.setSampleSize(sampleSize);
      await invariance.run({ pipelineIds });
      const error = getState().invariance.run.error;
      if (error) throw new Error(error);
    },
    cancelInvariance: () => invariance.cancel(),
  };
}

/** What the facade calls of the composition root's controllers. */
export type ApiServices = Pick<AppServices, 'invariance' | 'query' | 'models' | 'modelCache' | 'pipelines' | 'openFiles' | 'datasets'>;

/** The query-by-image calls, bound to the app's query controller (created by the composition root). */
function queryApi(query: Pick<QueryController, 'query' | 'clear'>, getState: () => LatentSkyState): Pick<LatentSkyApi, 'queryByImage' | 'clearQuery'> {
  return {
    async queryByImage(file, options) {
      if (!(file instanceof File)) throw new Error('queryByImage needs a File');
      const k = options?.k ?? QUERY_K;
      if (!(Number.isInteger(k) && k >= 1 && k <= 100)) throw new Error('k must be a whole number from 1 to 100');
      return queryAnswer(getState(), file.name, await query.query(file, k));
    },
    clearQuery: () => query.clear(),
  };
}

declare global {
  interface Window {
    latentSky: LatentSkyApi;
  }
}
