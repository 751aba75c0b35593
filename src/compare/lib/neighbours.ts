/**
 * Exact k nearest neighbours by brute force (cosine or Euclidean), self excluded. O(n² d): fine for
 * the few thousand images of a typical comparison; the speed issue replaces it for 10⁴–10⁵.
 */
export type Metric = 'cosine' | 'euclidean';

/** Row-normalised copy (cosine distance = 1 − dot of unit vectors); zero rows stay zero. */
export function unitRows(X: ArrayLike<number>, n: number, dim: number): Float64Array {
  const out = new Float64Array(n * dim);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += X[i * dim + j] ** 2;
    const norm = Math.sqrt(s) || 1;
    for (let j = 0; j < dim; j++) out[i * dim + j] = X[i * dim + j] / norm;
  }
  return out;
}

/** Full distance matrix (n × n), as the metrics need every pair anyway. */
export function distanceMatrix(X: ArrayLike<number>, n: number, dim: number, metric: Metric): Float64Array {
  const V = metric === 'cosine' ? unitRows(X, n, dim) : Float64Array.from(X as ArrayLike<number>);
  const D = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      if (metric === 'cosine') {
        for (let k = 0; k < dim; k++) s += V[i * dim + k] * V[j * dim + k];
        s = Math.max(0, 1 - s);
      } else {
        for (let k = 0; k < dim; k++) s += (V[i * dim + k] - V[j * dim + k]) ** 2;
        s = Math.sqrt(s);
      }
      D[i * n + j] = D[j * n + i] = s;
    }
  }
  return D;
}

/** Cosine distances from a Gram matrix X Xᵀ (as `distanceMatrix(X, …, 'cosine')`; zero rows are at distance 1 from all). */
export function cosineDistancesFromGram(G: Float64Array, n: number): Float64Array {
  const norm = Float64Array.from({ length: n }, (_, i) => Math.sqrt(G[i * n + i]) || 1);
  const D = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) D[i * n + j] = D[j * n + i] = Math.max(0, 1 - G[i * n + j] / norm[i] / norm[j]);
  }
  return D;
}

/** Indices of the k nearest rows of each row (ascending distance, ties by index), self excluded. */
export function knnFromDistances(D: Float64Array, n: number, k: number, allowed?: (j: number) => boolean): Int32Array {
  const kk = Math.min(k, n - 1);
  const out = new Int32Array(n * kk);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let j = 0; j < n; j++) if (j !== i && (!allowed || allowed(j))) order[m++] = j;
    const cand = Array.from(order.subarray(0, m)).sort((a, b) => D[i * n + a] - D[i * n + b] || a - b);
    out.set(cand.slice(0, kk), i * kk);
  }
  return out;
}

/** Indices of the k rows most similar (cosine) to row `query` of a row-major matrix, best first, itself excluded. */
export function nearestByCosine(rows: readonly (Float32Array | null | undefined)[], query: number, k: number): number[] {
  const q = rows[query];
  return q ? nearestToVector(rows, q, k, query).map((n) => n.index) : [];
}

/**
 * The k rows nearest to a vector by cosine (most similar first, ties by index), with their cosine
 * distance (1 − cosine similarity); empty rows and `exclude` are skipped. The vector need not be a row.
 */
export function nearestToVector(
  rows: readonly (Float32Array | null | undefined)[],
  q: ArrayLike<number>,
  k: number,
  exclude = -1,
): { index: number; distance: number }[] {
  let qn = 0;
  for (let j = 0; j < q.length; j++) qn += q[j] * q[j];
  qn = Math.sqrt(qn) || 1;
  const scored: [number, number][] = [];
  rows.forEach((r, i) => {
    if (!r || i === exclude) return;
    let dot = 0,
      rn = 0;
    for (let j = 0; j < r.length; j++) {
      dot += r[j] * q[j];
      rn += r[j] * r[j];
    }
    scored.push([dot / (qn * (Math.sqrt(rn) || 1)), i]);
  });
  return scored
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .slice(0, k)
    .map(([similarity, index]) => ({ index, distance: 1 - similarity }));
}
