import { classOrder, UNLABELLED_NAME } from '../core/palette';
import { baseName, type LabelRow } from '../core/labels';
import type { StretchParams } from '../core/stretch';
import type { ImageRecord, LatentSkyState, ModelRecord } from './store';

/** CSV label first (it was given explicitly), then the folder name. */
export function imageLabel(img: ImageRecord, table: Map<string, LabelRow>): string | undefined {
  return table.get(img.name)?.label ?? table.get(baseName(img.path))?.label ?? img.folderLabel;
}

export function imageMeta(img: ImageRecord, table: Map<string, LabelRow>): Record<string, string> {
  return table.get(img.name)?.meta ?? {};
}

/** Embeddings depend on the model and on everything that shapes its input and output. */
export function embeddingKey(model: ModelRecord, stretch: StretchParams): string | undefined {
  if (!model.info) return undefined;
  const { output, input } = model.info;
  return JSON.stringify([model.id, output, input.size, input.mean, input.std, stretch]);
}

export function embeddedCount(s: LatentSkyState, model: ModelRecord): number {
  const key = embeddingKey(model, s.stretch);
  const vectors = key ? s.embeddings.get(key) : undefined;
  if (!vectors) return 0;
  return s.images.reduce((n, img) => n + (vectors.has(img.hash) ? 1 : 0), 0);
}

export interface ClassInfo {
  /** Class names in legend order (unlabelled last). */
  names: string[];
  /** Per image (in `images` order), its index in `names`. */
  indexOf: Uint16Array;
  counts: number[];
}

export function classInfo(images: readonly ImageRecord[], table: Map<string, LabelRow>): ClassInfo {
  const labels = images.map((img) => imageLabel(img, table));
  const names = classOrder(labels);
  const position = new Map(names.map((n, i) => [n, i]));
  const indexOf = new Uint16Array(labels.length);
  const counts = new Array<number>(names.length).fill(0);
  labels.forEach((l, i) => {
    indexOf[i] = position.get(l ?? UNLABELLED_NAME)!;
    counts[indexOf[i]]++;
  });
  return { names, indexOf, counts };
}
