/**
 * Leading principal axes of row-major vectors, for the projection: its initial layout (the first
 * two axes) and, for large sets, a reduction to ~64 dimensions before the exact neighbour search
 * (as UMAP users commonly do with a PCA to 50–100 dimensions).
 *
 * Hand-written because only a few leading axes are needed: the covariance of an even subsample,
 * then subspace iteration and a Rayleigh–Ritz step on a p × p matrix, with the products on an
 * injected engine (onnxruntime's GEMM in the app). A full eigen-decomposition of the 768 × 768
 * covariance with ml-matrix (ml-pca's engine) takes ~6 s on this machine; this takes a fraction of one.
 */

export interface PrincipalAxes {
  dim: number;
  /** Mean of the sampled rows. */
  mean: Float64Array;
  /** m × dim, row-major, unit length, by decreasing variance. */
  axes: Float64Array;
  /** Variance along each axis (over the sample). */
  variance: Float64Array;
  /** Total variance of the sample: the sum over all dim directions. */
  totalVariance: number;
}

/** Rows used to estimate the covariance: enough for a few dozen axes, bounded cost at any n. */
const MAX_SAMPLE = 3000;
const SUBSPACE_ITERATIONS = 10;
/** Extra vectors carried through the iteration so the last wanted axes converge. */
const OVERSAMPLE = 8;
/** Rows per product when projecting: bounds the engine's buffers at any n. */
const PROJECT_BLOCK = 8192;

/** a [rows × inner] · b [inner × cols], row-major; onnxruntime's GEMM in the app. */
export type MatMulRunner = (a: Float32Array, rows: number, inner: number, b: Float32Array, cols: number) => Promise<Float32Array>;

/** The plain-JavaScript product: the reference in tests and the fallback without onnxruntime. */
export const jsMatMul: MatMulRunner = async (a, rows, inner, b, cols) => {
  const out = new Float32Array(rows * cols);
  const acc = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    acc.fill(0);
    for (let t = 0; t < inner; t++) {
      const v = a[i * inner + t];
      if (v === 0) continue;
      const base = t * cols;
      for (let j = 0; j < cols; j++) acc[j] += v * b[base + j];
    }
    out.set(acc, i * cols);
  }
  return out;
};

/** The m leading principal axes of n × dim rows, estimated on an even subsample. Seeded through `random`. */
export async function principalAxes(
  rows: Float32Array,
  n: number,
  dim: number,
  m: number,
  random: () => number,
  matMul: MatMulRunner = jsMatMul,
): Promise<PrincipalAxes> {
  m = Math.min(m, dim);
  const stride = Math.max(1, Math.ceil(n / MAX_SAMPLE));
  const sample = Array.from({ length: Math.ceil(n / stride) }, (_, s) => s * stride);
  const s = sample.length;
  const mean = new Float64Array(dim);
  for (const i of sample) for (let j = 0; j < dim; j++) mean[j] += rows[i * dim + j] / s;

  // Covariance C = XcᵀXc / s of the centred sample (dim × dim), one product.
  const centred = new Float32Array(s * dim);
  const centredT = new Float32Array(dim * s);
  sample.forEach((i, r) => {
    for (let j = 0; j < dim; j++) {
      const x = rows[i * dim + j] - mean[j];
      centred[r * dim + j] = x;
      centredT[j * s + r] = x;
    }
  });
  const cov = await matMul(centredT, dim, s, centred, dim);
  let totalVariance = 0;
  for (let j = 0; j < cov.length; j++) cov[j] /= s;
  for (let j = 0; j < dim; j++) totalVariance += cov[j * dim + j];
  const times = async (q: Float64Array[]) => unpack(await matMul(cov, dim, dim, pack(q, dim), q.length), q.length, dim);

  // Subspace iteration: Q ← orth(C Q), p vectors of length dim.
  const p = Math.min(dim, m + OVERSAMPLE);
  let q: Float64Array[] = Array.from({ length: p }, () => Float64Array.from({ length: dim }, () => random() - 0.5));
  orthonormalise(q);
  for (let it = 0; it < SUBSPACE_ITERATIONS; it++) {
    q = await times(q);
    orthonormalise(q);
  }

  // Rayleigh–Ritz: eigenvectors of QᵀCQ rotate Q onto the axes, in order of variance.
  const cq = await times(q);
  const small = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) small[a * p + b] = dot(q[a], cq[b]);
  const { values, vectors } = symmetricEigen(small, p);
  const order = Array.from(values.keys())
    .sort((a, b) => values[b] - values[a])
    .slice(0, m);
  const axes = new Float64Array(m * dim);
  order.forEach((e, r) => {
    for (let c = 0; c < p; c++) {
      const w = vectors[c * p + e];
      for (let j = 0; j < dim; j++) axes[r * dim + j] += w * q[c][j];
    }
  });
  return { dim, mean, axes, variance: Float64Array.from(order, (e) => Math.max(0, values[e])), totalVariance };
}

/** Coordinates of every row along the axes (centred on the sample mean): n × m, row-major. */
export async function projectOntoAxes(pca: PrincipalAxes, rows: Float32Array, n: number, matMul: MatMulRunner = jsMatMul): Promise<Float32Array> {
  const { dim, mean, axes } = pca;
  const m = axes.length / dim;
  const axesT = new Float32Array(dim * m);
  const offset = new Float64Array(m); // mean · axis, subtracted afterwards
  for (let r = 0; r < m; r++) {
    for (let j = 0; j < dim; j++) {
      axesT[j * m + r] = axes[r * dim + j];
      offset[r] += mean[j] * axes[r * dim + j];
    }
  }
  const out = new Float32Array(n * m);
  for (let start = 0; start < n; start += PROJECT_BLOCK) {
    const count = Math.min(PROJECT_BLOCK, n - start);
    out.set(await matMul(rows.subarray(start * dim, (start + count) * dim), count, dim, axesT, m), start * m);
  }
  for (let i = 0; i < n; i++) for (let r = 0; r < m; r++) out[i * m + r] -= offset[r];
  return out;
}

/** Column vectors → a row-major dim × p matrix, and back. */
function pack(columns: Float64Array[], dim: number): Float32Array {
  const out = new Float32Array(dim * columns.length);
  columns.forEach((v, c) => v.forEach((x, j) => (out[j * columns.length + c] = x)));
  return out;
}

function unpack(matrix: Float32Array, p: number, dim: number): Float64Array[] {
  return Array.from({ length: p }, (_, c) => Float64Array.from({ length: dim }, (_, j) => matrix[j * p + c]));
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

/** Modified Gram–Schmidt in place; a vector that collapses (rank deficiency) becomes zero. */
function orthonormalise(vectors: Float64Array[]): void {
  vectors.forEach((v, i) => {
    for (let r = 0; r < i; r++) {
      const d = dot(v, vectors[r]);
      for (let j = 0; j < v.length; j++) v[j] -= d * vectors[r][j];
    }
    const norm = Math.sqrt(dot(v, v));
    for (let j = 0; j < v.length; j++) v[j] = norm > 1e-12 ? v[j] / norm : 0;
  });
}

/** Cyclic Jacobi eigen-decomposition of a small symmetric matrix; eigenvectors are the columns of `vectors`. */
export function symmetricEigen(matrix: Float64Array, p: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(p * p);
  for (let i = 0; i < p; i++) v[i * p + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) off += a[i * p + j] ** 2;
    if (off < 1e-22 * (1 + a.reduce((s, x) => s + x * x, 0))) break;
    for (let i = 0; i < p; i++) {
      for (let j = i + 1; j < p; j++) {
        const aij = a[i * p + j];
        if (Math.abs(aij) < 1e-300) continue;
        const theta = (a[j * p + j] - a[i * p + i]) / (2 * aij);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < p; k++) {
          const aki = a[k * p + i];
          const akj = a[k * p + j];
          a[k * p + i] = c * aki - s * akj;
          a[k * p + j] = s * aki + c * akj;
        }
        for (let k = 0; k < p; k++) {
          const aik = a[i * p + k];
          const ajk = a[j * p + k];
          a[i * p + k] = c * aik - s * ajk;
          a[j * p + k] = s * aik + c * ajk;
        }
        for (let k = 0; k < p; k++) {
          const vki = v[k * p + i];
          const vkj = v[k * p + j];
          v[k * p + i] = c * vki - s * vkj;
          v[k * p + j] = s * vki + c * vkj;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: p }, (_, i) => a[i * p + i]), vectors: v };
}
