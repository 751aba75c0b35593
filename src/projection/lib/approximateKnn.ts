/**
 * The neighbour search beyond the exact search's reach, and the measure of what it found.
 * NN-descent on the unit rows (the exact search's neighbour definition: cosine), its random-
 * projection trees split on the search rows (the leading principal components at that size: a
 * split passes over every row, 12× cheaper on 64 values than on 768). Recall is measured against
 * the exact search on the unit rows, by brute force over every row for a seeded sample of rows.
 */
import { nnDescent, type NnDescentOptions } from './nnDescent';
import { inverseNorm, type KnnGraph, type TopKRunner } from './knn';

export interface ApproximateSearch {
  /** The unit rows: the neighbour definition. */
  unit: Float32Array;
  dim: number;
  /** The rows the trees split on (e.g. principal components of the unit rows) and their width. */
  rows: Float32Array;
  width: number;
  n: number;
  /** List length, the row itself included. */
  k: number;
}

/**
 * Trees per search: pynndescent grows 5 + n^¼ (37 at 10⁶), but here the descent recovers what
 * fewer trees miss (recall 0.9996 with 6 trees on 20,000 clustered 768-d rows), and each tree
 * costs a pass over all rows per level.
 */
const TREES = 6;

export function approximateKnn({ unit, dim, rows, width, n, k }: ApproximateSearch, options: Omit<NnDescentOptions, 'k' | 'treeRows'>): KnnGraph {
  return nnDescent(unit, n, dim, { trees: TREES, ...options, k, treeRows: { rows, dim: width } });
}

/** Rows of the data per product in the recall's brute force: bounds the transposed copy (~200 MB at 768 values). */
const RECALL_CHUNK = 65_536;

/**
 * The exact k − 1 nearest rows by cosine (self excluded) of each sampled row among all n rows:
 * brute force through the exact search's runner, on the rows scaled to unit length as
 * normaliseRows scales them and with exactKnn's augmented product, the data taken a chunk at a
 * time so memory stays flat at any n (no unit copy of all rows).
 */
export async function exactNeighboursOf(
  vectors: Float32Array,
  n: number,
  dim: number,
  sample: readonly number[],
  k: number,
  run: TopKRunner,
): Promise<Int32Array[]> {
  const width = dim + 1;
  const q = sample.length;
  const queries = new Float32Array(q * width);
  sample.forEach((row, r) => {
    const inv = inverseNorm(vectors, row, dim);
    for (let t = 0; t < dim; t++) queries[r * width + t] = vectors[row * dim + t] * inv;
    queries[r * width + dim] = 1;
  });
  // Per sampled row, its best (score, index) so far; larger score = nearer.
  const best = sample.map(() => [] as { score: number; index: number }[]);
  const unit = new Float32Array(dim);
  for (let start = 0; start < n; start += RECALL_CHUNK) {
    const count = Math.min(RECALL_CHUNK, n - start);
    const dataT = new Float32Array(width * count);
    for (let i = 0; i < count; i++) {
      const inv = inverseNorm(vectors, start + i, dim);
      let sq = 0;
      for (let t = 0; t < dim; t++) {
        unit[t] = vectors[(start + i) * dim + t] * inv;
        dataT[t * count + i] = unit[t];
        sq += unit[t] * unit[t];
      }
      dataT[dim * count + i] = -sq / 2;
    }
    const kk = Math.min(k + 1, count);
    const result = await run(queries, q, dataT, count, width, kk);
    for (let r = 0; r < q; r++) {
      for (let t = 0; t < kk; t++) best[r].push({ score: result.similarities[r * kk + t], index: start + result.indices[r * kk + t] });
      best[r].sort((a, b) => b.score - a.score || a.index - b.index).splice(k + 1);
    }
  }
  return best.map((list, r) =>
    Int32Array.from(
      list
        .map((e) => e.index)
        .filter((i) => i !== sample[r])
        .slice(0, k - 1),
    ),
  );
}

/** Mean fraction of each sampled row's exact k − 1 neighbours that the graph's list has (its own entry aside). */
export function sampleRecall(graph: KnnGraph, sample: readonly number[], truth: readonly Int32Array[]): number {
  let hit = 0;
  let total = 0;
  sample.forEach((row, r) => {
    const found = new Set(graph.indices.subarray(row * graph.k, (row + 1) * graph.k));
    for (const j of truth[r]) if (found.has(j)) hit++;
    total += truth[r].length;
  });
  return total ? hit / total : 1;
}
