import { DEFAULT_UMAP, type UmapParams } from './core/projection';
import { ingestFiles } from './pipeline/ingest';
import { addModel, type AddModelOptions } from './pipeline/models';
import { embeddedCount, imageLabel } from './state/selectors';
import { getState, setState } from './state/store';

/** JSON-safe picture of the app, for scripts and end-to-end tests. */
export interface Snapshot {
  images: { name: string; label: string | null }[];
  models: { id: string; name: string; status: string; backend: string | null; dim: number | null; embedded: number; error: string | null }[];
  /** coords = [x0, y0, x1, y1, …] in the order of `images`; null where an image is not (yet) projected. */
  projections: { modelId: string; n: number; coords: (number | null)[] }[];
  skipped: { name: string; reason: string }[];
  ingest: { queued: number; done: number };
}

export function snapshot(): Snapshot {
  const s = getState();
  return {
    images: s.images.map((img) => ({ name: img.name, label: imageLabel(img, s.labelTable) ?? null })),
    models: s.models.map((m) => ({
      id: m.id,
      name: m.request.name,
      status: m.status,
      backend: m.info?.backend ?? null,
      dim: s.embedRuns[m.id]?.dim ?? null,
      embedded: embeddedCount(s, m),
      error: m.error ?? s.embedRuns[m.id]?.error ?? null,
    })),
    projections: Object.entries(s.projections).map(([modelId, p]) => {
      const index = new Map(p.imageIds.map((id, i) => [id, i]));
      return {
        modelId,
        n: p.imageIds.length,
        coords: s.images.flatMap((img) => {
          const i = index.get(img.id);
          return i === undefined ? [null, null] : [p.coords[2 * i], p.coords[2 * i + 1]];
        }),
      };
    }),
    skipped: s.skipped.map((k) => ({ ...k })),
    ingest: { ...s.ingest },
  };
}

export interface LatentSkyApi {
  /** Adds a model from a URL; settles when it is ready to embed (or rejects with the reason). */
  addModel(options: Omit<AddModelOptions, 'file'>): Promise<{ id: string; name: string; output: string; backend: string }>;
  /** Adds files as if dropped (File objects, with an optional folder-relative path each). */
  addFiles(files: (File | { file: File; path: string })[]): Promise<void>;
  /** Sets UMAP parameters; projections follow by themselves. */
  setUmap(params: Partial<UmapParams>): void;
  snapshot(): Snapshot;
}

export const api: LatentSkyApi = {
  async addModel(options) {
    const m = await addModel({ ...options, file: undefined });
    return { id: m.id, name: m.request.name, output: m.info!.output, backend: m.info!.backend };
  },
  addFiles: (files) => ingestFiles(files.map((f) => (f instanceof File ? { file: f, path: f.name } : f))),
  setUmap(params) {
    setState((s) => ({ umap: { ...DEFAULT_UMAP, ...s.umap, ...params } }));
  },
  snapshot,
};

declare global {
  interface Window {
    latentSky: LatentSkyApi;
  }
}
