/**
 * The study's model-input recipes by name, their description as preview steps, and the check of a
 * recipe a user or a link supplies.
 */
import type { ModelInputRecipe, ModelInputSpec } from './modelInput';
import { resizedEdge } from './modelInput';

export const INPUT_RECIPES = {
  /** DINOv2's BitImageProcessor: shortest edge 256 (bicubic), centre crop 224. Also ConvNextImageProcessor with crop_pct 0.875 (Hugging Face ResNets). */
  'hf-shortest-edge-bicubic': { resize: 'shortestEdge', cropFraction: 0.875, resampling: 'bicubic' },
  /** ViTImageProcessor (MAE, MSN): 224 × 224, bilinear. */
  'hf-exact-bilinear': { resize: 'exact', resampling: 'bilinear' },
  /** SiglipImageProcessor: 224 × 224, bicubic. */
  'hf-exact-bicubic': { resize: 'exact', resampling: 'bicubic' },
  /** The study's torchvision ResNet path: Resize(256, bicubic) + CenterCrop(224), features L2-normalised. */
  'torchvision-resnet': { resize: 'shortestEdge', cropFraction: 0.875, resampling: 'bicubic', cropOffset: 'round', l2Normalise: true },
} as const satisfies Record<string, ModelInputRecipe>;

export type InputRecipeName = keyof typeof INPUT_RECIPES;

/** The model-input part of a pipeline's steps, in words (the preview lists them). */
export function describeModelInput(spec: ModelInputSpec): string[] {
  const { size, recipe } = spec;
  const steps: string[] = [];
  if (!recipe) {
    steps.push(`resize to ${size}×${size} (bilinear, half-pixel centres, no antialiasing)`);
  } else if (recipe.resize === 'exact') {
    steps.push(`resize to ${size}×${size} (${recipe.resampling}, as Pillow)`);
  } else {
    steps.push(`resize the shortest edge to ${resizedEdge(size, recipe)} (${recipe.resampling}, as Pillow)`);
    steps.push(`centre crop ${size}×${size}`);
  }
  steps.push(`normalise: (x/255 − [${spec.mean.join(', ')}]) / [${spec.std.join(', ')}]`);
  if (recipe?.l2Normalise) steps.push('L2-normalise the embedding');
  return steps;
}

/** A recipe from outside (the API, a link): a clear error for anything malformed. */
export function checkRecipe(value: unknown): ModelInputRecipe {
  const r = value as Partial<ModelInputRecipe> | null;
  if (typeof r !== 'object' || r === null) throw new Error('the model-input recipe must be an object');
  if (r.resize !== 'exact' && r.resize !== 'shortestEdge') throw new Error("recipe.resize must be 'exact' or 'shortestEdge'");
  if (r.resampling !== 'bilinear' && r.resampling !== 'bicubic') throw new Error("recipe.resampling must be 'bilinear' or 'bicubic'");
  if (r.cropFraction !== undefined && !(typeof r.cropFraction === 'number' && r.cropFraction > 0.1 && r.cropFraction <= 1)) {
    throw new Error('recipe.cropFraction must be a number in (0.1, 1]');
  }
  if (r.cropOffset !== undefined && r.cropOffset !== 'floor' && r.cropOffset !== 'round') throw new Error("recipe.cropOffset must be 'floor' or 'round'");
  if (r.l2Normalise !== undefined && typeof r.l2Normalise !== 'boolean') throw new Error('recipe.l2Normalise must be true or false');
  const known = new Set(['resize', 'resampling', 'cropFraction', 'cropOffset', 'l2Normalise']);
  const extra = Object.keys(r).filter((k) => !known.has(k));
  if (extra.length) throw new Error(`unknown recipe field(s): ${extra.join(', ')}`);
  return { ...r } as ModelInputRecipe;
}
