import { INPUT_RECIPES, describeModelInput, type InputRecipeName } from '../lib/inputRecipes';
import type { ModelInputRecipe } from '../lib/modelInput';
import { useServices } from '../../shared/ui/services';
import type { ModelRecord, PipelineRecord } from '../../state/store';

const LABELS: Record<InputRecipeName, string> = {
  'hf-shortest-edge-bicubic': 'shortest edge ÷ 0.875, bicubic, centre crop (DINOv2, HF ResNet)',
  'hf-exact-bilinear': 'square, bilinear (MAE, MSN)',
  'hf-exact-bicubic': 'square, bicubic (SigLIP)',
  'torchvision-resnet': 'torchvision ResNet: shortest edge, bicubic, crop, L2 features',
};

const sameRecipe = (a: ModelInputRecipe, b: ModelInputRecipe) => JSON.stringify(a) === JSON.stringify(b);

/** Which option stands for the pipeline's current choice. */
function selected(pipeline: PipelineRecord): string {
  if (pipeline.modelInput === undefined) return 'model';
  if (pipeline.modelInput === null) return 'plain';
  const named = (Object.keys(INPUT_RECIPES) as InputRecipeName[]).find((n) => sameRecipe(INPUT_RECIPES[n], pipeline.modelInput!));
  return named ?? 'custom';
}

/** A short badge for a pipeline whose input recipe is not its model's own; undefined otherwise. */
export function overrideBadge(pipeline: PipelineRecord): string | undefined {
  const choice = selected(pipeline);
  return choice === 'model' ? undefined : `input: ${choice}`;
}

/**
 * How this pipeline makes the model's input: the model's own recipe (the study's, for zoo models)
 * or another, e.g. to see how much the study's choice of resize matters.
 */
export function ModelInputSelect({ pipeline, model }: { pipeline: PipelineRecord; model: ModelRecord }) {
  const { pipelines } = useServices();
  const own = model.info?.input.recipe;
  const ownText =
    own && model.info
      ? describeModelInput({ ...model.info.input, recipe: own })
          .slice(0, -1)
          .join(', ')
      : 'plain bilinear resize';
  const choose = (value: string) => {
    if (value === 'model') pipelines.setModelInput(pipeline.id, undefined);
    else if (value === 'plain') pipelines.setModelInput(pipeline.id, null);
    else if (value in INPUT_RECIPES) pipelines.setModelInput(pipeline.id, { ...INPUT_RECIPES[value as InputRecipeName] });
  };
  return (
    <label className="field">
      <span>Model input (resize as Pillow does it)</span>
      <select value={selected(pipeline)} onChange={(e) => choose(e.target.value)} data-testid="model-input-recipe">
        <option value="model">the model&apos;s own: {ownText}</option>
        {(Object.keys(INPUT_RECIPES) as InputRecipeName[]).map((name) => (
          <option key={name} value={name}>
            {LABELS[name]}
          </option>
        ))}
        <option value="plain">plain bilinear, no antialiasing (the app&apos;s original)</option>
        {selected(pipeline) === 'custom' && <option value="custom">custom (set through the API or a link)</option>}
      </select>
    </label>
  );
}
