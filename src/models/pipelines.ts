import { DEFAULT_PREPROCESSING, type Preprocessing } from '../preprocessing/lib/preprocessing';
import { getState, setState, type PipelineRecord } from '../state/store';
import type { ModelInputRecipe } from './lib/modelInput';

let nextPipelineId = 0;

/** Adds a pipeline (model + preprocessing); it gets its own embeddings, projection and panel. */
export function addPipeline(modelId: string, preprocessing: Preprocessing = DEFAULT_PREPROCESSING, modelInput?: ModelInputRecipe | null): PipelineRecord {
  if (!getState().models.some((m) => m.id === modelId)) throw new Error(`no model with id "${modelId}"`);
  const pipeline: PipelineRecord = { id: `pipeline-${nextPipelineId++}`, modelId, preprocessing, ...(modelInput !== undefined && { modelInput }) };
  setState((s) => ({ pipelines: [...s.pipelines, pipeline] }));
  return pipeline;
}

export function updatePipeline(id: string, preprocessing: Preprocessing): void {
  setState((s) => ({ pipelines: s.pipelines.map((p) => (p.id === id ? { ...p, preprocessing } : p)) }));
}

/** Overrides a pipeline's model-input recipe (null: plain bilinear), or with undefined goes back to the model's own. */
export function setPipelineModelInput(id: string, modelInput: ModelInputRecipe | null | undefined): void {
  setState((s) => ({
    pipelines: s.pipelines.map((p) => {
      if (p.id !== id) return p;
      const { modelInput: _old, ...rest } = p;
      return modelInput === undefined ? rest : { ...rest, modelInput };
    }),
  }));
}

export function removePipeline(id: string): void {
  setState((s) => ({ pipelines: s.pipelines.filter((p) => p.id !== id), preview: s.preview?.pipelineId === id ? undefined : s.preview }));
}
