import { DEFAULT_PREPROCESSING, type Preprocessing } from '../preprocessing/lib/preprocessing';
import { getState, setState, type PipelineRecord } from '../state/store';

let nextPipelineId = 0;

/** Adds a pipeline (model + preprocessing); it gets its own embeddings, projection and panel. */
export function addPipeline(modelId: string, preprocessing: Preprocessing = DEFAULT_PREPROCESSING): PipelineRecord {
  if (!getState().models.some((m) => m.id === modelId)) throw new Error(`no model with id "${modelId}"`);
  const pipeline: PipelineRecord = { id: `pipeline-${nextPipelineId++}`, modelId, preprocessing };
  setState((s) => ({ pipelines: [...s.pipelines, pipeline] }));
  return pipeline;
}

export function updatePipeline(id: string, preprocessing: Preprocessing): void {
  setState((s) => ({ pipelines: s.pipelines.map((p) => (p.id === id ? { ...p, preprocessing } : p)) }));
}

export function removePipeline(id: string): void {
  setState((s) => ({ pipelines: s.pipelines.filter((p) => p.id !== id), preview: s.preview?.pipelineId === id ? undefined : s.preview }));
}
