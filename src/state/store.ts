import { create } from 'zustand';
import type { EmbedderInfo } from '../core/embedder';
import type { FitsHeader } from '../core/fits';
import type { DecodedImage } from '../core/image';
import type { LabelRow } from '../core/labels';
import { DEFAULT_UMAP, type UmapParams } from '../core/projection';
import { DEFAULT_STRETCH, type StretchParams } from '../core/stretch';

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
}

export interface SkippedFile {
  name: string;
  reason: string;
}

export type BackendChoice = 'auto' | 'wasm' | 'webgpu';

/** What the user asked for: enough to rebuild the model (and later, to put it in a permalink). */
export interface ModelRequest {
  name: string;
  source: { kind: 'url'; url: string } | { kind: 'file'; fileName: string };
  output?: string;
  inputSize?: number;
  mean?: [number, number, number];
  std?: [number, number, number];
  backend: BackendChoice;
}

export interface ModelRecord {
  id: string;
  request: ModelRequest;
  status: 'downloading' | 'loading' | 'ready' | 'error';
  /** Download progress 0–1 while downloading (NaN when the size is unknown). */
  download?: number;
  error?: string;
  info?: EmbedderInfo;
}

export interface EmbedRun {
  running: boolean;
  done: number;
  total: number;
  imagesPerSecond: number;
  /** Embedding dimension, known after the first batch. */
  dim?: number;
  error?: string;
}

export interface Projection {
  /** Identifies the inputs (embedding key, image set, UMAP parameters) the coordinates came from. */
  key: string;
  imageIds: string[];
  coords: Float32Array;
}

export interface ProjectRun {
  running: boolean;
  progress: number;
  error?: string;
}

export interface LatentSkyState {
  // What the user chose.
  stretch: StretchParams;
  umap: UmapParams;
  models: ModelRecord[];
  // What the user supplied.
  images: ImageRecord[];
  labelTable: Map<string, LabelRow>;
  skipped: SkippedFile[];
  ingest: { queued: number; done: number };
  // What has been computed, keyed by content.
  pixels: Map<string, DecodedImage>;
  /** embeddings.get(embeddingKey).get(imageHash) */
  embeddings: Map<string, Map<string, Float32Array>>;
  embedRuns: Record<string, EmbedRun>;
  projections: Record<string, Projection>;
  projectRuns: Record<string, ProjectRun>;
  // Transient view state.
  hoveredId?: string;
}

export const useStore = create<LatentSkyState>(() => ({
  stretch: DEFAULT_STRETCH,
  umap: DEFAULT_UMAP,
  models: [],
  images: [],
  labelTable: new Map(),
  skipped: [],
  ingest: { queued: 0, done: 0 },
  pixels: new Map(),
  embeddings: new Map(),
  embedRuns: {},
  projections: {},
  projectRuns: {},
}));

export const getState = useStore.getState;
export const setState = useStore.setState;

export function updateModel(id: string, patch: Partial<ModelRecord>): void {
  setState((s) => ({ models: s.models.map((m) => (m.id === id ? { ...m, ...patch } : m)) }));
}
