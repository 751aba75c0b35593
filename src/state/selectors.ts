import { baseName, type LabelRow } from '../images/lib/labels';
import { labelKey } from '../labelling/lib/labelEdits';
import { classColour, classOrder, classSlots, UNLABELLED_NAME, type Rgb } from '../shared/lib/palette';
import { preprocessingLabel } from '../preprocessing/lib/preprocessing';
import type { ImageRecord, InvarianceOutcome, LatentSkyState, ModelRecord, PipelineRecord, ProbeOutcome } from './store';
import type { ModelInputRecipe } from '../models/lib/modelInput';
import { skyFromColumns } from '../sky/lib/skyColumns';
import type { SkyPosition } from '../sky/lib/skyLinks';

/**
 * Where labels come from: a labels CSV (by file name) and the labels made in the app (by content);
 * `appClasses` (the order classes were named in the app) only decides their colours.
 */
export type LabelSources = Pick<LatentSkyState, 'labelTable' | 'labelEdits'> & Partial<Pick<LatentSkyState, 'appClasses'>>;

/** The label the data itself gives: the CSV label (it was given explicitly), then the folder name. */
const datasetLabel = (img: ImageRecord, table: LabelSources['labelTable']): string | undefined =>
  table.get(img.name)?.label ?? table.get(baseName(img.path))?.label ?? img.folderLabel;

/** A label made in the app (the user's latest word, null for "no label"), else the data's own, given the latter. */
const withEdit = (img: ImageRecord, labelEdits: LabelSources['labelEdits'], own: string | undefined): string | undefined => {
  const edit = labelEdits.get(labelKey(img.hash));
  return edit !== undefined ? (edit ?? undefined) : own;
};

/** A label made in the app first (the user's latest word), then the CSV label (it was given explicitly), then the folder name. */
export function imageLabel(img: ImageRecord, { labelTable, labelEdits }: LabelSources): string | undefined {
  return withEdit(img, labelEdits, datasetLabel(img, labelTable));
}

export function imageMeta(img: ImageRecord, table: Map<string, LabelRow>): Record<string, string> {
  return table.get(img.name)?.meta ?? {};
}

/** Where the image lies on the sky: its FITS WCS, else the labels CSV's or manifest's RA/Dec columns. */
export function imageSky(img: ImageRecord, table: Map<string, LabelRow>): SkyPosition | undefined {
  return img.sky ?? skyFromColumns(imageMeta(img, table));
}

/** The model input side a pipeline uses: a fixed-size model's own, else the pipeline's choice, else the model default. */
export function inputSize(pipeline: PipelineRecord, model: ModelRecord): number | undefined {
  if (!model.info) return undefined;
  return model.info.fixedSize ? model.info.input.size : (pipeline.preprocessing.resize ?? model.info.input.size);
}

/** The model-input recipe a pipeline uses: its own override, else the model's (undefined: plain bilinear resize). */
export function inputRecipe(pipeline: PipelineRecord, model: ModelRecord | undefined): ModelInputRecipe | undefined {
  return pipeline.modelInput !== undefined ? (pipeline.modelInput ?? undefined) : model?.info?.input.recipe;
}

/**
 * Embeddings depend on the model (its weights' content hash, so the key holds across sessions and
 * for the same file added twice), the backend that ran it, its output and normalisation, and the
 * whole preprocessing.
 */
export function pipelineKey(pipeline: PipelineRecord, model: ModelRecord | undefined): string | undefined {
  if (!model?.info || model.status !== 'ready') return undefined;
  const { output, input, backend } = model.info;
  const recipe = inputRecipe(pipeline, model);
  // The plain resize adds nothing to the key, so keys made before recipes existed still hold.
  return JSON.stringify([
    model.contentHash ?? model.id,
    backend,
    output,
    inputSize(pipeline, model),
    input.mean,
    input.std,
    pipeline.preprocessing,
    ...(recipe ? [recipe] : []),
  ]);
}

export const modelOf = (s: LatentSkyState, p: PipelineRecord) => s.models.find((m) => m.id === p.modelId);

export function pipelineTitle(models: readonly ModelRecord[], p: PipelineRecord): string {
  return `${models.find((m) => m.id === p.modelId)?.request.name ?? '?'} · ${preprocessingLabel(p.preprocessing)}`;
}

export function embeddedCount(s: LatentSkyState, p: PipelineRecord): number {
  const key = pipelineKey(p, modelOf(s, p));
  const vectors = key ? s.embeddings.get(key) : undefined;
  if (!vectors) return 0;
  return s.images.reduce((n, img) => n + (vectors.get(img.hash) ? 1 : 0), 0);
}

export interface ClassInfo {
  /** Class names in legend order (unlabelled last). */
  names: string[];
  /** Per image (in `images` order), its index in `names`. */
  indexOf: Uint16Array;
  counts: number[];
  /**
   * Per class in `names`, its colour slot (src/shared/lib/palette.ts classSlots: stable as classes
   * come and go; the order the label bar's keys follow) and its colour.
   */
  slots: number[];
  colours: Rgb[];
}

export function classInfo(images: readonly ImageRecord[], sources: LabelSources): ClassInfo {
  // The dataset's own classes (folder and CSV labels, before any made in the app) take the first colours.
  const datasetClasses = new Set<string>();
  const labels = images.map((img) => {
    const own = datasetLabel(img, sources.labelTable);
    if (own !== undefined) datasetClasses.add(own);
    return withEdit(img, sources.labelEdits, own);
  });
  const names = classOrder(labels);
  const position = new Map(names.map((n, i) => [n, i]));
  const indexOf = new Uint16Array(labels.length);
  const counts = new Array<number>(names.length).fill(0);
  labels.forEach((l, i) => {
    indexOf[i] = position.get(l ?? UNLABELLED_NAME)!;
    counts[indexOf[i]]++;
  });
  const slots = classSlots(names, datasetClasses, sources.appClasses);
  return { names, indexOf, counts, slots, colours: names.map((n, k) => classColour(slots[k], n)) };
}

/** Class names without "(unlabelled)", and each image's index among them (−1 when unlabelled), in `images` order. */
/**
 * Content order (hash, then name) for rows fed to order-sensitive computations (UMAP, the probe's
 * seeded splits): files arrive and finish decoding in no fixed order, and the same files must give
 * the same numbers in any session.
 */
export const byContent = (a: ImageRecord, b: ImageRecord): number => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : a.name.localeCompare(b.name));

export function classLabels(images: readonly ImageRecord[], sources: LabelSources): { classNames: string[]; labelOf: Int32Array } {
  const { names, indexOf } = classInfo(images, sources);
  const classNames = names.filter((n) => n !== UNLABELLED_NAME);
  return { classNames, labelOf: Int32Array.from(indexOf, (k) => (k < classNames.length ? k : -1)) };
}

/**
 * The probe's predicted class index per image id, as shown and exported: the first head's largest
 * budget, last seed's test split (−1 for images outside it). Undefined before the probe has run.
 */
export function probePredictions(outcome: ProbeOutcome | undefined): Map<string, number> | undefined {
  const result = outcome?.results.filter((r) => r.head === outcome.results[0].head).at(-1);
  return outcome && result ? new Map(outcome.imageIds.map((id, r) => [id, result.predictions[r]])) : undefined;
}

/**
 * A pipeline's orientation-invariance result, if it was measured on the pipeline's current
 * embeddings (same model, settings and preprocessing) and the current images.
 */
export function currentInvariance(
  s: Pick<LatentSkyState, 'images' | 'models' | 'pipelines' | 'invariance'>,
  pipelineId: string,
): InvarianceOutcome | undefined {
  const outcome = s.invariance.results[pipelineId];
  const p = s.pipelines.find((x) => x.id === pipelineId);
  // The image list is replaced whenever an image arrives or goes: comparing identities costs nothing on a hover.
  if (
    !outcome ||
    !p ||
    outcome.images !== s.images ||
    pipelineKey(
      p,
      s.models.find((m) => m.id === p.modelId),
    ) !== outcome.key
  )
    return undefined;
  return outcome;
}
