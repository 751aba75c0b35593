/**
 * Does a model care which way up a galaxy is? The sky has no preferred orientation, so the
 * embedding of a cutout turned by 90°, 180° or 270°, or mirrored, should stay close to the
 * original's. For a seeded sample of images and each turned copy this measures:
 * - the cosine similarity of the copy's embedding to the original's;
 * - how many of the original's k = 10 nearest neighbours (cosine, among the originals of every
 *   image, itself excluded) are also the copy's: 10 means the copy sits among the same galaxies;
 * - whether the linear probe's prediction changes. The probe is cross-fitted: the labelled
 *   originals are split into stratified folds and each sampled image (original and copies) is
 *   predicted by the head fitted on the other folds, so no prediction comes from a head that saw
 *   that image (unlabelled images, seen by no head, are predicted by the first fold's head).
 */
import { fitPredict, type ProbeData, type ProbeSettings } from '../../probe/lib/probe';
import { stratifiedFolds } from '../../probe/lib/split';
import type { Orientation } from '../../images/lib/orient';
import { nearestByCosine } from './neighbours';

/** Sampled images per pipeline unless the user chooses otherwise (each costs four extra embeddings). */
export const DEFAULT_INVARIANCE_SAMPLE = 256;
export const INVARIANCE_K = 10;
const FOLDS = 5;

export interface InvarianceInput {
  /** Original embeddings of every reference image (n × dim, row-major): the neighbours are sought among them. */
  X: Float32Array;
  n: number;
  dim: number;
  /** Rows of X that were sampled, ascending. */
  sample: Int32Array;
  orientations: Orientation[];
  /** Per orientation, the sampled images' turned copies (sample.length × dim): row i is the copy of X's row sample[i]. */
  copies: Float32Array[];
  /** Class index per row of X, −1 when unlabelled. */
  labels: Int32Array;
  nClasses: number;
  /** The probe's settings (its linear head's C and whitening are used) and whether the embedding is raw pixels (PCA first, as the probe does). */
  probe: ProbeSettings;
  pixels?: boolean;
  k?: number;
  seed?: number;
}

export interface OrientationSummary {
  orientation: Orientation;
  /** Mean over the sample of the copy's cosine similarity to the original, −1…1. */
  meanCosine: number;
  /** Mean number of the original's k nearest neighbours that are also the copy's, 0…k. */
  meanKept: number;
  /** Fraction of the sample whose probe prediction differs for the copy (NaN without labels of two classes). */
  flipRate: number;
}

export interface InvarianceResult {
  k: number;
  orientations: Orientation[];
  summary: OrientationSummary[];
  /** Per orientation, per sampled image: cosine to the original. */
  cosine: Float64Array[];
  /** Per orientation, per sampled image: neighbours kept, 0…k. */
  kept: Uint8Array[];
  /** Each sampled original's k nearest rows of X (sample.length × k), nearest first. */
  neighbours: Int32Array;
  /** Per orientation, each copy's k nearest rows of X (the original itself excluded). */
  copyNeighbours: Int32Array[];
  /** Cross-fitted probe prediction of each sampled original and, per orientation, of its copy; undefined without labels of two classes. */
  predicted?: Int32Array;
  copyPredicted?: Int32Array[];
  /** Per sampled image, its mean cosine over the orientations: how invariant the model is for that image. */
  score: Float64Array;
}

/** Cosine similarity in double precision, clamped to [−1, 1]; a zero vector has similarity 0 with everything. */
function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0,
    aa = 0,
    bb = 0;
  for (let j = 0; j < a.length; j++) {
    dot += a[j] * b[j];
    aa += a[j] * a[j];
    bb += b[j] * b[j];
  }
  // √(aa·bb) rather than √aa·√bb: a vector compared with itself gives exactly 1.
  const norm = Math.sqrt(aa * bb);
  return norm > 0 ? Math.max(-1, Math.min(1, dot / norm)) : 0;
}

const mean = (values: ArrayLike<number>) => (values.length ? Array.from(values).reduce((s, v) => s + v, 0) / values.length : NaN);

/**
 * The probe's prediction for each sampled original and each copy, cross-fitted over stratified
 * folds of the labelled originals. Originals and copies are stacked into one matrix so that the
 * whitening (or the pixels' PCA) fitted on a fold's training rows applies to both alike.
 */
async function crossFittedPredictions(input: InvarianceInput): Promise<{ predicted: Int32Array; copyPredicted: Int32Array[] } | undefined> {
  const { X, n, dim, sample, copies, labels, nClasses } = input;
  const labelled = Array.from(labels.keys()).filter((i) => labels[i] >= 0);
  if (new Set(labelled.map((i) => labels[i])).size < 2) return undefined;
  const S = sample.length;
  const stacked = new Float32Array((n + copies.length * S) * dim);
  stacked.set(X);
  copies.forEach((c, t) => stacked.set(c, (n + t * S) * dim));
  const stackedLabels = new Int32Array(n + copies.length * S).fill(-1);
  stackedLabels.set(labels);
  const data: ProbeData = { X: stacked, dim, labels: stackedLabels, nClasses, pixels: input.pixels };
  const folds = stratifiedFolds(labels, labelled, Math.min(FOLDS, labelled.length), input.seed ?? 0);
  const foldOf = new Map<number, number>();
  folds.forEach((rows, f) => rows.forEach((r) => foldOf.set(r, f)));
  const predicted = new Int32Array(S).fill(-1);
  const copyPredicted = copies.map(() => new Int32Array(S).fill(-1));
  for (let f = 0; f < folds.length; f++) {
    const mine = Array.from(sample.keys()).filter((i) => (foldOf.get(sample[i]) ?? 0) === f);
    if (mine.length === 0) continue;
    const train = folds.flatMap((rows, g) => (g === f ? [] : rows));
    const test = mine.flatMap((i) => [sample[i], ...copies.map((_, t) => n + t * S + i)]);
    const { predicted: p } = await fitPredict('linear', data, train, test, input.probe, input.seed ?? 0);
    mine.forEach((i, m) => {
      const at = m * (copies.length + 1);
      predicted[i] = p[at];
      copies.forEach((_, t) => (copyPredicted[t][i] = p[at + 1 + t]));
    });
  }
  return { predicted, copyPredicted };
}

export async function measureInvariance(input: InvarianceInput): Promise<InvarianceResult> {
  const { X, n, dim, sample, orientations, copies } = input;
  if (copies.length !== orientations.length) throw new Error('one set of copies per orientation is needed');
  const S = sample.length;
  const k = Math.min(input.k ?? INVARIANCE_K, n - 1);
  const rows = Array.from({ length: n }, (_, i) => X.subarray(i * dim, (i + 1) * dim));
  const neighbours = new Int32Array(S * k);
  sample.forEach((row, i) => neighbours.set(nearestByCosine(rows, row, k), i * k));
  const cosines: Float64Array[] = [];
  const kept: Uint8Array[] = [];
  const copyNeighbours: Int32Array[] = [];
  copies.forEach((copy) => {
    const cos = new Float64Array(S);
    const keep = new Uint8Array(S);
    const near = new Int32Array(S * k);
    sample.forEach((row, i) => {
      const v = copy.subarray(i * dim, (i + 1) * dim);
      cos[i] = cosine(rows[row], v);
      // The copy in its original's place: its neighbours among all the other originals.
      const original = rows[row];
      rows[row] = v;
      const found = nearestByCosine(rows, row, k);
      rows[row] = original;
      near.set(found, i * k);
      const own = new Set(neighbours.subarray(i * k, (i + 1) * k));
      keep[i] = found.filter((j) => own.has(j)).length;
    });
    cosines.push(cos);
    kept.push(keep);
    copyNeighbours.push(near);
  });
  const probe = await crossFittedPredictions(input);
  const summary = orientations.map((orientation, t) => ({
    orientation,
    meanCosine: mean(cosines[t]),
    meanKept: mean(kept[t]),
    flipRate: probe ? mean(Array.from(probe.predicted, (p, i) => (probe.copyPredicted[t][i] !== p ? 1 : 0))) : NaN,
  }));
  const score = Float64Array.from({ length: S }, (_, i) => mean(cosines.map((c) => c[i])));
  return { k, orientations, summary, cosine: cosines, kept, neighbours, copyNeighbours, ...probe, score };
}
