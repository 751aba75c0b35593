/**
 * Exact k-nearest neighbours for the projection: blocks of queries against all rows through an
 * injected "matrix product + top-k" runner, which in the app is onnxruntime (SIMD, threads) and in
 * tests may be plain JavaScript. The projection passes L2-normalised rows (cosine ranking), or
 * their leading principal components for large sets. Each row's list starts with the row itself
 * at distance 0, as umap-js's own search returns it.
 */
import { jsMatMul } from './pca';

export interface KnnGraph {
  /** Row-major n × k neighbour indices, nearest first (self first). */
  indices: Int32Array;
  /** Euclidean distances (between unit vectors: √(2 − 2·cos)), matching `indices`. */
  distances: Float32Array;
  k: number;
}

/** Similarities (descending) and indices of the top k of queries · dataᵀ, row-major q × k. */
export type TopKRunner = (
  queries: Float32Array,
  q: number,
  dataT: Float32Array,
  n: number,
  dim: number,
  k: number,
) => Promise<{ similarities: Float32Array; indices: Int32Array }>;

/** The factor that scales row i to unit length (0 for a zero row, which stays zero). */
export function inverseNorm(vectors: Float32Array, i: number, dim: number): number {
  let sq = 0;
  for (let j = 0; j < dim; j++) sq += vectors[i * dim + j] ** 2;
  return sq > 0 ? 1 / Math.sqrt(sq) : 0;
}

/** Unit-length copies of the rows (zero rows stay zero). */
export function normaliseRows(vectors: Float32Array, n: number, dim: number): Float32Array {
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const inv = inverseNorm(vectors, i, dim);
    for (let j = 0; j < dim; j++) out[i * dim + j] = vectors[i * dim + j] * inv;
  }
  return out;
}

/**
 * Exact Euclidean k-NN of the rows (on unit rows, the cosine ranking). The runner only ranks dot
 * products, so each side gets one extra column: with q' = [q, 1] and x' = [x, −|x|²/2],
 * q'·x' = q·x − |x|²/2 = (|q|² − |q − x|²)/2, largest for the nearest rows.
 */
export async function exactKnn(
  rows: Float32Array,
  n: number,
  dim: number,
  k: number,
  run: TopKRunner,
  onProgress?: (fraction: number) => void,
): Promise<KnnGraph> {
  k = Math.min(k, n);
  const width = dim + 1;
  const queries = new Float32Array(n * width);
  const dataT = new Float32Array(width * n);
  const sqNorm = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let sq = 0;
    for (let j = 0; j < dim; j++) {
      const v = rows[i * dim + j];
      queries[i * width + j] = v;
      dataT[j * n + i] = v;
      sq += v * v;
    }
    sqNorm[i] = sq;
    queries[i * width + dim] = 1;
    dataT[dim * n + i] = -sq / 2;
  }
  const indices = new Int32Array(n * k);
  const distances = new Float32Array(n * k);
  // ~32 MB of similarities per block keeps memory flat at any n.
  const block = Math.max(16, Math.min(1024, Math.floor(8_000_000 / n)));
  for (let start = 0; start < n; start += block) {
    const q = Math.min(block, n - start);
    const result = await run(queries.subarray(start * width, (start + q) * width), q, dataT, n, width, k);
    for (let r = 0; r < q; r++) {
      const row = start + r;
      // Put the row itself first (ties at distance 0 may list a duplicate before it).
      const own = result.indices.subarray(r * k, (r + 1) * k);
      const selfAt = own.indexOf(row);
      const order =
        selfAt >= 0 ? [selfAt, ...Array.from({ length: k }, (_, j) => j).filter((j) => j !== selfAt)] : [-1, ...Array.from({ length: k - 1 }, (_, j) => j)];
      order.forEach((j, c) => {
        indices[row * k + c] = j < 0 ? row : own[j];
        distances[row * k + c] = j < 0 ? 0 : Math.sqrt(Math.max(0, sqNorm[row] - 2 * result.similarities[r * k + j]));
      });
      distances[row * k] = 0;
    }
    onProgress?.((start + q) / n);
  }
  return { indices, distances, k };
}

/** A plain-JavaScript runner: the reference in tests, and the fallback where onnxruntime is unavailable. */
export const jsTopK: TopKRunner = async (queries, q, dataT, n, dim, k) => {
  const similarities = new Float32Array(q * k);
  const indices = new Int32Array(q * k);
  const product = await jsMatMul(queries, q, dim, dataT, n);
  for (let r = 0; r < q; r++) {
    const row = product.subarray(r * n, (r + 1) * n);
    const best = Array.from(row.keys())
      .sort((a, b) => row[b] - row[a] || a - b)
      .slice(0, k);
    best.forEach((c, t) => {
      similarities[r * k + t] = row[c];
      indices[r * k + t] = c;
    });
  }
  return { similarities, indices };
};

/** Mean fraction of each row's true neighbours (excluding itself) that an approximate graph found. */
export function knnRecall(approx: { indices: ArrayLike<number>; k: number }, exact: KnnGraph, n: number): number {
  let hit = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const truth = new Set(Array.from(exact.indices.subarray(i * exact.k + 1, (i + 1) * exact.k)));
    for (let j = 0; j < approx.k; j++) {
      const v = approx.indices[i * approx.k + j];
      if (v !== i && truth.has(v)) hit++;
    }
    total += truth.size;
  }
  return hit / total;
}
