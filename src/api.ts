import { DEFAULT_PREPROCESSING, describePreprocessing, type Preprocessing } from './core/preprocessing';
import { DEFAULT_UMAP, type UmapParams } from './core/projection';
import { ingestFiles } from './pipeline/ingest';
import { addModel, type AddModelOptions } from './pipeline/models';
import { addPipeline } from './pipeline/pipelines';
import { embeddedCount, imageLabel, pipelineTitle } from './state/selectors';
import { getState, setState } from './state/store';

/** JSON-safe picture of the app, for scripts and end-to-end tests. */
export interface Snapshot {
  images: { name: string; label: string | null; ra: number | null; dec: number | null }[];
  models: { id: string; name: string; status: string; backend: string | null; dim: number | null; embedded: number; error: string | null }[];
  pipelines: { id: string; modelId: string; title: string; steps: string[]; preprocessing: Preprocessing; embedded: number; dim: number | null; failures: { name: string; reason: string }[] }[];
  /** coords = [x0, y0, x1, y1, …] in the order of `images`; null where an image is not (yet) projected. */
  projections: { pipelineId: string; modelId: string; n: number; coords: (number | null)[] }[];
  skipped: { name: string; reason: string }[];
  ingest: { queued: number; done: number };
}

export function snapshot(): Snapshot {
  const s = getState();
  const firstPipeline = (modelId: string) => s.pipelines.find((p) => p.modelId === modelId);
  return {
    images: s.images.map((img) => ({ name: img.name, label: imageLabel(img, s.labelTable) ?? null, ra: img.sky?.ra ?? null, dec: img.sky?.dec ?? null })),
    models: s.models.map((m) => {
      const p = firstPipeline(m.id);
      return {
        id: m.id,
        name: m.request.name,
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
      title: pipelineTitle(s, p),
      steps: describePreprocessing(p.preprocessing),
      preprocessing: p.preprocessing,
      embedded: embeddedCount(s, p),
      dim: s.embedRuns[p.id]?.dim ?? null,
      failures: [...(s.embedRuns[p.id]?.failures ?? [])],
    })),
    projections: Object.entries(s.projections).flatMap(([pipelineId, p]) => {
      const pipeline = s.pipelines.find((x) => x.id === pipelineId);
      if (!pipeline) return [];
      const index = new Map(p.imageIds.map((id, i) => [id, i]));
      return [{
        pipelineId,
        modelId: pipeline.modelId,
        n: p.imageIds.length,
        coords: s.images.flatMap((img) => {
          const i = index.get(img.id);
          return i === undefined ? [null, null] : [p.coords[2 * i], p.coords[2 * i + 1]];
        }),
      }];
    }),
    skipped: s.skipped.map((k) => ({ ...k })),
    ingest: { ...s.ingest },
  };
}

export interface LatentSkyApi {
  /** Adds a model from a URL (with a default pipeline); settles when it is ready to embed, or rejects with the reason. */
  addModel(options: Omit<AddModelOptions, 'file'>): Promise<{ id: string; name: string; output: string; backend: string; pipelineId: string }>;
  /** Adds another pipeline for a model: the same model with other preprocessing (merged over the defaults). */
  addPipeline(options: { modelId: string; preprocessing?: Partial<Preprocessing> }): string;
  /** Adds files as if dropped (File objects, with an optional folder-relative path each). */
  addFiles(files: (File | { file: File; path: string })[]): Promise<void>;
  /** Sets UMAP parameters; projections follow by themselves. */
  setUmap(params: Partial<UmapParams>): void;
  /** Opens the preview of an image (by file name) through a pipeline. */
  preview(name: string, pipelineId: string): void;
  snapshot(): Snapshot;
}

export const api: LatentSkyApi = {
  async addModel(options) {
    const m = await addModel({ ...options, file: undefined });
    const pipelineId = getState().pipelines.find((p) => p.modelId === m.id)!.id;
    return { id: m.id, name: m.request.name, output: m.info!.output, backend: m.info!.backend, pipelineId };
  },
  addPipeline: ({ modelId, preprocessing }) => addPipeline(modelId, { ...DEFAULT_PREPROCESSING, ...preprocessing }).id,
  addFiles: (files) => ingestFiles(files.map((f) => (f instanceof File ? { file: f, path: f.name } : f))),
  setUmap(params) {
    setState((s) => ({ umap: { ...DEFAULT_UMAP, ...s.umap, ...params } }));
  },
  preview(name, pipelineId) {
    const img = getState().images.find((i) => i.name === name);
    if (!img) throw new Error(`no image named "${name}"`);
    setState({ preview: { imageId: img.id, pipelineId } });
  },
  snapshot,
};

declare global {
  interface Window {
    latentSky: LatentSkyApi;
  }
}
