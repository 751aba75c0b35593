import { createContext, useContext } from 'react';
import { create, useStore as useZustandStore } from 'zustand';
import { subscribeWithSelector } from 'zustand/middleware';
import { shallow } from 'zustand/shallow';
import type { ModelInputRecipe } from '../models/lib/modelInput';
import type { BackendChoice } from '../models/lib/modelOptions';
import type { CompareResult } from '../compare/lib/compare';
import { DEFAULT_INVARIANCE_SAMPLE, type InvarianceResult } from '../compare/lib/invariance';
import type { Camera } from '../projection/lib/camera';
import type { EmbedderInfo } from '../models/lib/embedder';
import type { FitsHeader } from '../images/lib/fits';
import type { LabelRow } from '../images/lib/labels';
import type { Preprocessing } from '../preprocessing/lib/preprocessing';
import { DEFAULT_PROBE, type ProbeResult, type ProbeSettings } from '../probe/lib/probe';
import { DEFAULT_UMAP, type UmapParams } from '../projection/lib/projection';
import { DEFAULT_HUB, type Dtype } from '../../models/registry';
import type { HostRequest } from '../sharing/lib/linkHosts';
import { EMPTY_HISTORY, type LabelEdits, type LabelHistory } from '../labelling/lib/labelEdits';
import type { DatasetNeighbours, DatasetProgress } from '../embeddings/lib/datasetFile';

/** One dropped image file. Several records may share a content hash (the same cutout twice). */
export interface ImageRecord {
  id: string;
  hash: string;
  name: string;
  /** Path relative to the dropped folder, when there was one. */
  path: string;
  folderLabel?: string;
  format: string;
  width: number;
  height: number;
  thumbUrl: string;
  header?: FitsHeader;
  /** Sky position of the cutout centre, from the FITS WCS. */
  sky?: { ra: number; dec: number };
  /** Planes in a FITS cube (1 for 2-D images). */
  planes?: number;
}

export interface SkippedFile {
  name: string;
  reason: string;
}

export type { BackendChoice };

/** What the user asked for: enough to rebuild the model (and later, to put it in a permalink). */
export interface ModelRequest {
  name: string;
  source:
    | { kind: 'url'; url: string }
    | { kind: 'file'; fileName: string }
    | { kind: 'builtin'; id: 'pixels' }
    /** Embeddings computed elsewhere and imported from a file: no model runs. */
    | { kind: 'imported'; fileName: string; column: string };
  output?: string;
  inputSize?: number;
  mean?: [number, number, number];
  std?: [number, number, number];
  backend: BackendChoice;
  /** The zoo entry this model came from, and which of its weight files. */
  registryId?: string;
  dtype?: Dtype;
}

export interface ModelRecord {
  id: string;
  request: ModelRequest;
  status: 'downloading' | 'loading' | 'ready' | 'error';
  /** Download progress 0–1 while downloading (NaN when the size is unknown). */
  download?: number;
  /** Bytes received and expected (NaN when unknown) while downloading. */
  downloadBytes?: { received: number; total: number };
  /** True when the weights came from the browser's cache rather than the network. */
  fromCache?: boolean;
  /** Content hash of the weights ('pixels' for the built-in baseline): what embeddings are keyed by. */
  contentHash?: string;
  error?: string;
  info?: EmbedderInfo;
}

/** A pipeline = a model + the preprocessing of its input. Each has its own embeddings, projection and panel. */
export interface PipelineRecord {
  id: string;
  modelId: string;
  preprocessing: Preprocessing;
  /** Overrides the model's input recipe (null: plain bilinear resize); absent: the model's own. */
  modelInput?: ModelInputRecipe | null;
}

export interface EmbedRun {
  running: boolean;
  done: number;
  total: number;
  imagesPerSecond: number;
  /** Embedding dimension, known after the first batch. */
  dim?: number;
  error?: string;
  /** Images this pipeline could not prepare (e.g. a 2-D FITS under a 3-band preset), with the reason. */
  failures: SkippedFile[];
  /** Embeddings taken from the session cache instead of being computed. */
  restored?: number;
  /** Embeddings computed (and finite) in this session. */
  computed?: number;
}

export interface Projection {
  /** Identifies the inputs (embedding key, image set, UMAP parameters) the coordinates came from. */
  key: string;
  imageIds: string[];
  coords: Float32Array;
  /** True when the layout came from the session cache. */
  fromCache?: boolean;
  /** A layout still being optimised (progressive display): not a result yet. */
  partial?: boolean;
  /** Coordinates that came with an opened dataset file (shown as they are; nothing re-projects them). */
  imported?: boolean;
}

export interface ProjectRun {
  running: boolean;
  progress: number;
  error?: string;
  /** Stopped by the user; not restarted until its inputs change or the user asks again. */
  cancelled?: boolean;
}

/** A pipeline's probe results and what they were computed from. */
export interface ProbeOutcome {
  key: string;
  results: ProbeResult[];
  /** Class names, in the order of class indices in the results. */
  classNames: string[];
  /** Image ids of the rows the predictions refer to. */
  imageIds: string[];
  /** The linear head fitted on every labelled image: class probabilities of every row (rows × classNames), for the labelling queue. */
  probabilities?: Float32Array;
}

export interface ProbeRun {
  running: boolean;
  pipelineId?: string;
  done: number;
  total: number;
  error?: string;
}

/** The comparison table: per-pipeline numbers and pairwise overlaps, and what they came from. */
export interface Comparison {
  key: string;
  result?: CompareResult;
  /** Image ids of the measured rows. */
  imageIds: string[];
  running: boolean;
  error?: string;
}

/** Density clusters (HDBSCAN) of one pipeline's 2-D layout, and what they were computed from. */
export interface PipelineClusters {
  /** The layout's key and the settings used. */
  key: string;
  /** Image ids of the rows, in the layout's order. */
  imageIds: string[];
  /** Per row: its cluster, 0 = the largest; −1 = noise (in no cluster). */
  labels: Int32Array;
  minClusterSize: number;
  minSamples: number;
}

/** The clustering settings the user chose; absent values are chosen from the number of points. */
export interface ClusterSettings {
  minClusterSize?: number;
  minSamples?: number;
}

/** One pipeline's orientation-invariance measurement (src/compare/invariance.ts) and what it was measured on. */
export interface InvarianceOutcome {
  /** The pipeline key and the image list it was measured on: once either changes, the result is out of date. */
  key: string;
  images: readonly ImageRecord[];
  /** Content hashes of the reference rows (the result's neighbour indices point here) and of the sampled rows. */
  hashes: string[];
  sampleHashes: string[];
  /** Class names, in the order of the result's predicted class indices. */
  classNames: string[];
  result: InvarianceResult;
  /** Sampled images left out because a turned copy could not be embedded (non-finite output). */
  failed: number;
}

/** The orientation-invariance check: the sample size the user chose, the run in progress and the results per pipeline. */
export interface InvarianceState {
  sampleSize: number;
  run: {
    running: boolean;
    pipelineId?: string;
    phase?: 'embedding' | 'measuring';
    done: number;
    total: number;
    error?: string;
    cancelled?: boolean;
    notes?: string[];
  };
  results: Record<string, InvarianceOutcome>;
}

/** A permalink being opened: what it asks for that the recipient must supply, or why it failed. */
export interface LinkStatus {
  error?: string;
  /** The files the link was made from, when they were dropped files. */
  files?: { count: number; digest: string; hashes: string[] };
  /** Local model files the link refers to, by name, not yet supplied. */
  missingModelFiles: string[];
}

/** What a link would fetch from other websites (src/sharing/consent.ts): the open question, and what the user declined. */
export interface ConsentState {
  /** Hosts a link or manifest names that the user is being asked about; nothing has been fetched from them. */
  ask?: HostRequest[];
  /** What the user chose not to load, by host; it can still be loaded later. */
  declined?: HostRequest[];
}

/** A dataset file opened in the app (src/embeddings/datasetOpener.ts): its rows are the images. */
export interface DatasetStatus {
  /** The file's name, or the URL it came from. */
  name: string;
  loading: boolean;
  /** Download progress 0–1 (NaN when the size is unknown) while a URL is fetched. */
  progress?: number;
  error?: string;
  rows?: number;
  /** What was kept and what was not (e.g. "embeddings not loaded: 10⁶ × 768 values over the tab's budget"). */
  notes: string[];
  /** The reading in its worker, while it goes on: the columns (before the rows are shown), then the embedding and neighbour lists. */
  read?: DatasetProgress;
  /** Set when the user cancelled the opening of `name` before its rows were shown (nothing changed). */
  cancelled?: boolean;
  /** When the tab holds the embedding of a seeded sample of the rows only (the probe and metrics run on it): its size, once read. */
  sample?: { rows: number; total: number };
  /** A row's vector read on demand (src/embeddings/datasetRows.ts): under way, done (in how long), or why not. */
  demand?: { reading?: string; read?: string; seconds?: number; error?: string };
}

/** What the scatter points are coloured by: class, the probe's verdicts, a metadata column, a FITS keyword or the sky position. */
export type ColourBy = 'class' | 'predicted' | 'correct' | 'disagreement' | 'invariance' | `meta:${string}` | `fits:${string}` | 'sky:ra' | 'sky:dec';

/** One pipeline's answer to a query image: its nearest images in the set (cosine distance), or why there is none. */
export interface QueryRow {
  pipelineId: string;
  neighbours: { imageId: string; distance: number }[];
  /** The query image's embedding in this pipeline. */
  vector?: Float32Array;
  error?: string;
}

/** A cutout queried against the set (src/query): embedded by every pipeline but never part of the set. */
export interface QueryState {
  name: string;
  thumbUrl?: string;
  running: boolean;
  error?: string;
  /** Neighbours kept per pipeline. */
  k: number;
  rows: QueryRow[];
}

export interface LatentSkyState {
  // What the user chose.
  umap: UmapParams;
  probeSettings: ProbeSettings;
  /** Where hub models are fetched from: the Hugging Face hub or a mirror with the same layout. */
  hubEndpoint: string;
  models: ModelRecord[];
  pipelines: PipelineRecord[];
  // What the user supplied.
  images: ImageRecord[];
  labelTable: Map<string, LabelRow>;
  /** Labels made in the app, by content-hash prefix (src/labelling/lib/labelEdits.ts); they override folder and CSV labels. */
  labelEdits: LabelEdits;
  /** Undo and redo of the label edits. */
  labelHistory: LabelHistory;
  /** Classes named in the app, in the order first used: they take the colours after the dataset's (palette.ts classSlots). */
  appClasses: readonly string[];
  skipped: SkippedFile[];
  ingest: { queued: number; done: number };
  // What has been computed, keyed by content: embeddings.get(pipelineKey).get(imageHash); null = failed.
  embeddings: Map<string, Map<string, Float32Array | null>>;
  embedRuns: Record<string, EmbedRun>;
  projections: Record<string, Projection>;
  projectRuns: Record<string, ProjectRun>;
  probe: Record<string, ProbeOutcome>;
  probeRun: ProbeRun;
  comparison?: Comparison;
  /** Density clusters per pipeline (src/clusters), what they run with, and clustering in progress or failed. */
  clusters: Record<string, PipelineClusters>;
  clusterSettings: ClusterSettings;
  /** `note`: why a layout is not clustered (too many points). */
  clusterRuns: Record<string, { running: boolean; error?: string; note?: string }>;
  invariance: InvarianceState;
  // View state.
  /** Density contours drawn in every panel. */
  showContours: boolean;
  hoveredId?: string;
  /** The image shown in the preview, and through which pipeline. */
  preview?: { imageId: string; pipelineId: string };
  /** What the scatter points are coloured by. */
  colourBy: ColourBy;
  /** Images selected by lasso or box in any panel (shown in every panel); undefined = no selection. */
  selection?: ReadonlySet<string>;
  /** Classes switched off in the legend, hidden in every panel. */
  hiddenClasses: readonly string[];
  /** Pipeline whose layout the others are rotated/scaled onto (Procrustes), if any. */
  alignTo?: string;
  /** The region of its layout each panel was zoomed/panned to by the user (absent: fit all points). */
  cameras: Readonly<Record<string, Camera>>;
  /** The permalink this session was opened from, if any. */
  link?: LinkStatus;
  /** A remote dataset being (or having been) loaded from a manifest URL. */
  manifest?: { url: string; done: number; total: number; error?: string };
  /** A link asking before it fetches from other websites. */
  consent?: ConsentState;
  /** The dataset file whose rows are the images, when one was opened. */
  dataset?: DatasetStatus;
  /** The opened dataset's own neighbour lists (its `neighbors` column), for its pipeline: shown instead of computed ones. */
  datasetNeighbours?: DatasetNeighbours & { pipelineId: string; imageIds: string[] };
  /** Why this browser is not keeping results (IndexedDB / Cache Storage failed), from the first failure of each. */
  storageProblem?: string;
  /** The image being queried by (query by image), if any. */
  query?: QueryState;
}

/** What a new session starts from. */
export const initialState = (): LatentSkyState => ({
  umap: DEFAULT_UMAP,
  probeSettings: DEFAULT_PROBE,
  hubEndpoint: DEFAULT_HUB,
  models: [],
  pipelines: [],
  images: [],
  labelTable: new Map(),
  labelEdits: new Map(),
  labelHistory: EMPTY_HISTORY,
  appClasses: [],
  skipped: [],
  ingest: { queued: 0, done: 0 },
  embeddings: new Map(),
  embedRuns: {},
  projections: {},
  projectRuns: {},
  probe: {},
  probeRun: { running: false, done: 0, total: 0 },
  clusters: {},
  clusterSettings: {},
  clusterRuns: {},
  showContours: false,
  invariance: { sampleSize: DEFAULT_INVARIANCE_SAMPLE, run: { running: false, done: 0, total: 0 }, results: {} },
  colourBy: 'class',
  hiddenClasses: [],
  cameras: {},
});

/**
 * A store of its own: the app makes one; each unit test can make a fresh one. Subscribers may
 * name the slices they read (subscribeWithSelector), so a hover wakes only what draws it.
 */
export const createLatentSkyStore = () => create<LatentSkyState>()(subscribeWithSelector(initialState));
export type LatentSkyStore = ReturnType<typeof createLatentSkyStore>;
/** What a controller is given of the store: read, write, and subscribe to slices. */
export type LatentSkyStoreApi = Pick<LatentSkyStore, 'getState' | 'setState' | 'subscribe'>;

/** The store the React tree reads: the composition root (src/app) creates it and provides it here. */
export const StoreContext = createContext<LatentSkyStore | undefined>(undefined);

/** In a component: the store itself, to read or write it in an event handler. */
export function useStoreApi(): LatentSkyStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStoreApi: no StoreContext provider above this component');
  return store;
}

/** In a component: the slice `selector` picks, re-rendering when it changes (by identity). */
export function useStore<T>(selector: (s: LatentSkyState) => T): T {
  return useZustandStore(useStoreApi(), selector);
}

/**
 * Calls `listener` with the whole state whenever one of the slices `select` picks changes
 * (compared one by one, by identity), and never for the others: a scheduler that reads the images
 * and the embeddings is not woken by a hover or a selection.
 */
export function subscribeToSlices(
  store: Pick<LatentSkyStore, 'subscribe' | 'getState'>,
  select: (s: LatentSkyState) => readonly unknown[],
  listener: (s: LatentSkyState) => void,
): () => void {
  return store.subscribe(select, () => listener(store.getState()), { equalityFn: shallow });
}

/**
 * A controller's start and dispose: `start` follows the slices `select` picks and acts once on what
 * is already there; `dispose` stops following and calls `stop` (to end work in progress).
 */
export function followSlices(
  store: Pick<LatentSkyStore, 'subscribe' | 'getState'>,
  select: (s: LatentSkyState) => readonly unknown[],
  listener: (s: LatentSkyState) => void,
  stop: () => void,
): { start(): void; dispose(): void } {
  let unsubscribe: (() => void) | undefined;
  return {
    start(): void {
      unsubscribe ??= subscribeToSlices(store, select, listener);
      listener(store.getState());
    },
    dispose(): void {
      unsubscribe?.();
      unsubscribe = undefined;
      stop();
    },
  };
}
