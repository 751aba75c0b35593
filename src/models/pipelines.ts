import { DEFAULT_PREPROCESSING, type Preprocessing } from '../preprocessing/lib/preprocessing';
import type { LatentSkyStoreApi, PipelineRecord } from '../state/store';
import type { ModelInputRecipe } from './lib/modelInput';

export type Pipelines = ReturnType<typeof createPipelines>;

/**
 * The pipelines (model + preprocessing) in the store; each gets its own embeddings, projection and
 * panel. Ids are `pipeline-<n>`, numbered from `firstId` in the order pipelines are added.
 */
export function createPipelines(store: LatentSkyStoreApi, firstId = 0) {
  let nextPipelineId = firstId;
  return {
    /** Adds a pipeline; the model must exist. */
    add(modelId: string, preprocessing: Preprocessing = DEFAULT_PREPROCESSING, modelInput?: ModelInputRecipe | null): PipelineRecord {
      if (!store.getState().models.some((m) => m.id === modelId)) throw new Error(`no model with id "${modelId}"`);
      const pipeline: PipelineRecord = { id: `pipeline-${nextPipelineId++}`, modelId, preprocessing, ...(modelInput !== undefined && { modelInput }) };
      store.setState((s) => ({ pipelines: [...s.pipelines, pipeline] }));
      return pipeline;
    },
    update(id: string, preprocessing: Preprocessing): void {
      store.setState((s) => ({ pipelines: s.pipelines.map((p) => (p.id === id ? { ...p, preprocessing } : p)) }));
    },
    /** Overrides a pipeline's model-input recipe (null: plain bilinear), or with undefined goes back to the model's own. */
    setModelInput(id: string, modelInput: ModelInputRecipe | null | undefined): void {
      store.setState((s) => ({
        pipelines: s.pipelines.map((p) => {
          if (p.id !== id) return p;
          const { modelInput: _old, ...rest } = p;
          return modelInput === undefined ? rest : { ...rest, modelInput };
        }),
      }));
    },
    remove(id: string): void {
      store.setState((s) => ({ pipelines: s.pipelines.filter((p) => p.id !== id), preview: s.preview?.pipelineId === id ? undefined : s.preview }));
    },
  };
}
