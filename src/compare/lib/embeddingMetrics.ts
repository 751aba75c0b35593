/**
 * Numbers that say how well an embedding separates classes and how faithful its 2-D layout is,
 * defined as scikit-learn defines them (KNeighborsClassifier with leave-one-out, silhouette_score,
 * manifold.trustworthiness), plus the overlap of neighbourhoods between two embeddings.
 */
import { report } from '../../probe/lib/classificationMetrics';

/** Leave-one-out k-NN classification of the labelled rows (label −1 = unlabelled, ignored). Ties go to the lower class index. */
export function looKnn(D: Float64Array, n: number, labels: Int32Array, nClasses: number, k = 10): { accuracy: number; macroF1: number } {
  const labelled = Array.from(labels.keys()).filter((i) => labels[i] >= 0);
  const predicted: number[] = [];
  for (const i of labelled) {
    const others = labelled
      .filter((j) => j !== i)
      .sort((a, b) => D[i * n + a] - D[i * n + b] || a - b)
      .slice(0, k);
    const votes = new Array<number>(nClasses).fill(0);
    for (const j of others) votes[labels[j]]++;
    predicted.push(votes.indexOf(Math.max(...votes)));
  }
  const r = report(
    labelled.map((i) => labels[i]),
    predicted,
    nClasses,
  );
  return { accuracy: r.accuracy, macroF1: r.macroF1 };
}

/** Mean silhouette coefficient of the labelled rows; a row alone in its class scores 0. */
export function silhouette(D: Float64Array, n: number, labels: Int32Array): number {
  const labelled = Array.from(labels.keys()).filter((i) => labels[i] >= 0);
  const classes = [...new Set(labelled.map((i) => labels[i]))];
  if (classes.length < 2) return NaN;
  let total = 0;
  for (const i of labelled) {
    const sums = new Map<number, { s: number; c: number }>();
    for (const j of labelled) {
      if (j === i) continue;
      const e = sums.get(labels[j]) ?? { s: 0, c: 0 };
      e.s += D[i * n + j];
      e.c++;
      sums.set(labels[j], e);
    }
    const own = sums.get(labels[i]);
    if (!own) continue; // singleton class: 0
    const a = own.s / own.c;
    let b = Infinity;
    for (const [c, e] of sums) if (c !== labels[i]) b = Math.min(b, e.s / e.c);
    total += (b - a) / Math.max(a, b);
  }
  return total / labelled.length;
}

/**
 * How faithful a 2-D layout is to the embedding, both ways, from full distance matrices of the
 * embedding (Dx) and the layout (Dy); ranks are 1 = nearest, ties by index:
 * - trustworthiness (sklearn.manifold.trustworthiness): are the layout's k nearest neighbours
 *   true neighbours? T(k) = 1 − 2 / (n k (2n − 3k − 1)) · Σ_i Σ_{j ∈ U_k(i)} (r(i, j) − k), U_k(i)
 *   the layout's k nearest of i that are not among its k nearest in the embedding, r their rank
 *   in the embedding;
 * - continuity (Venna & Kaski 2006), the same with the roles swapped: do the embedding's k nearest
 *   neighbours stay near in the layout? C(k) = 1 − 2 / (n k (2n − 3k − 1)) · Σ_i Σ_{j ∈ V_k(i)}
 *   (r̂(i, j) − k), V_k(i) the embedding's k nearest of i not among its k nearest in the layout,
 *   r̂ their rank in the layout.
 * Both need the same two orderings per image, so they are computed together.
 */
export function layoutFaithfulness(Dx: Float64Array, Dy: Float64Array, n: number, k = 15): { trustworthiness: number; continuity: number } {
  let t = 0,
    c = 0;
  const rankX = new Int32Array(n),
    rankY = new Int32Array(n);
  const others = (i: number) => Array.from({ length: n }, (_, j) => j).filter((j) => j !== i);
  for (let i = 0; i < n; i++) {
    const byX = others(i).sort((a, b) => Dx[i * n + a] - Dx[i * n + b] || a - b);
    const byY = others(i).sort((a, b) => Dy[i * n + a] - Dy[i * n + b] || a - b);
    byX.forEach((j, r) => (rankX[j] = r + 1));
    byY.forEach((j, r) => (rankY[j] = r + 1));
    for (let r = 0; r < k; r++) {
      if (rankX[byY[r]] > k) t += rankX[byY[r]] - k;
      if (rankY[byX[r]] > k) c += rankY[byX[r]] - k;
    }
  }
  const scale = 2 / (n * k * (2 * n - 3 * k - 1));
  return { trustworthiness: 1 - t * scale, continuity: 1 - c * scale };
}

export const trustworthiness = (Dx: Float64Array, Dy: Float64Array, n: number, k = 15): number => layoutFaithfulness(Dx, Dy, n, k).trustworthiness;

export const continuity = (Dx: Float64Array, Dy: Float64Array, n: number, k = 15): number => layoutFaithfulness(Dx, Dy, n, k).continuity;

/** Mean Jaccard overlap of two neighbour lists (each row: k indices). */
export function jaccard(a: Int32Array, b: Int32Array, n: number, k: number): { mean: number; perPoint: Float64Array } {
  const perPoint = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const A = new Set(a.subarray(i * k, (i + 1) * k));
    let inter = 0;
    for (const j of b.subarray(i * k, (i + 1) * k)) if (A.has(j)) inter++;
    perPoint[i] = inter / (2 * k - inter);
  }
  return { mean: perPoint.reduce((s, v) => s + v, 0) / n, perPoint };
}
