/**
 * Numbers per pipeline and between pipelines, on the same images: leave-one-out k-NN accuracy and
 * macro-F1 (k = 10, cosine), class silhouette (cosine), trustworthiness and continuity of the 2-D
 * layout (k = 15), and between pipelines the mean Jaccard overlap of k-NN sets and linear CKA
 * (plain and debiased). All-pairs distances are O(n²), so large sets are measured on a seeded
 * random subset of `maxN` images. Each pipeline's Gram matrix X Xᵀ is computed once and gives both
 * its cosine distances and its CKA with every other pipeline.
 */
import { centreGram, ckaFromGrams, gramMatrix, type CentredGram } from './cka';
import { jaccard, layoutFaithfulness, looKnn, silhouette } from './embeddingMetrics';
import { cosineDistancesFromGram, distanceMatrix, knnFromDistances } from './neighbours';
import { seededSample } from '../../shared/lib/random';

export interface CompareInput {
  id: string;
  /** Row-major embeddings (n × dim) and 2-D coordinates (n × 2), rows in the same image order for every pipeline. */
  X: Float32Array;
  dim: number;
  coords: Float32Array;
}

export interface PipelineMetrics {
  knnAccuracy: number;
  knnMacroF1: number;
  silhouette: number;
  trustworthiness: number;
  /** Do true neighbours stay neighbours in the 2-D layout (k = 15), 0…1. */
  continuity: number;
}

export interface PipelinePair {
  a: string;
  b: string;
  jaccard: number;
  /** Linear CKA of the two embeddings of the measured images, and its debiased form (NaN below 4 images). */
  cka: number;
  ckaDebiased: number;
}

export interface CompareResult {
  /** Rows (into the input order) the numbers were computed on. */
  rows: number[];
  perPipeline: Record<string, PipelineMetrics>;
  pairs: PipelinePair[];
  /** Per measured row: 1 − mean Jaccard of its k-NN sets over all pipeline pairs (0 = every model agrees). */
  disagreement: Float32Array;
}

export const COMPARE_MAX_N = 2000;

function pick(X: Float32Array, dim: number, rows: number[]): Float32Array {
  const out = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => out.set(X.subarray(r * dim, (r + 1) * dim), i * dim));
  return out;
}

export function comparePipelines(
  inputs: CompareInput[],
  labels: Int32Array,
  nClasses: number,
  options: { k?: number; kTrust?: number; maxN?: number; seed?: number } = {},
): CompareResult {
  const k = options.k ?? 10,
    kTrust = options.kTrust ?? 15,
    maxN = options.maxN ?? COMPARE_MAX_N;
  const n0 = labels.length;
  const rows = seededSample(n0, maxN, options.seed ?? 0);
  const n = rows.length;
  const sub = Int32Array.from(rows, (r) => labels[r]);
  const labelled = sub.some((l) => l >= 0) && new Set(sub.filter((l) => l >= 0)).size >= 2;
  const perPipeline: Record<string, PipelineMetrics> = {};
  const knn: Int32Array[] = [];
  const grams: { plain: CentredGram; debiased?: CentredGram }[] = [];
  const kk = Math.min(k, n - 1);
  for (const input of inputs) {
    const G = gramMatrix(pick(input.X, input.dim, rows), n, input.dim);
    grams.push({ plain: centreGram(G, n, false), debiased: n >= 4 ? centreGram(G, n, true) : undefined });
    const D = cosineDistancesFromGram(G, n);
    const Dy = distanceMatrix(pick(input.coords, 2, rows), n, 2, 'euclidean');
    const layout = n > 2 * kTrust + 1 ? layoutFaithfulness(D, Dy, n, kTrust) : { trustworthiness: NaN, continuity: NaN };
    const loo = labelled ? looKnn(D, n, sub, nClasses, k) : { accuracy: NaN, macroF1: NaN };
    perPipeline[input.id] = {
      knnAccuracy: loo.accuracy,
      knnMacroF1: loo.macroF1,
      silhouette: labelled ? silhouette(D, n, sub) : NaN,
      trustworthiness: layout.trustworthiness,
      continuity: layout.continuity,
    };
    knn.push(knnFromDistances(D, n, kk));
  }
  const pairs: CompareResult['pairs'] = [];
  const disagreement = new Float32Array(n);
  for (let a = 0; a < inputs.length; a++) {
    for (let b = a + 1; b < inputs.length; b++) {
      const j = jaccard(knn[a], knn[b], n, kk);
      const [ga, gb] = [grams[a], grams[b]];
      pairs.push({
        a: inputs[a].id,
        b: inputs[b].id,
        jaccard: j.mean,
        cka: ckaFromGrams(ga.plain, gb.plain),
        ckaDebiased: ga.debiased && gb.debiased ? ckaFromGrams(ga.debiased, gb.debiased) : NaN,
      });
      j.perPoint.forEach((v, i) => (disagreement[i] += v));
    }
  }
  for (let i = 0; i < n; i++) disagreement[i] = pairs.length ? 1 - disagreement[i] / pairs.length : 0;
  return { rows, perPipeline, pairs, disagreement };
}
