/**
 * Feature whitening fitted on the training rows only (the study's code standardised train and test
 * separately, which leaks test statistics; we do not). Returns a transformed copy of all rows.
 */
import { PCA } from 'ml-pca';

export type Whitening = 'none' | 'standardise' | 'pca';

/** Raw pixels are reduced to at most this many principal components before a head sees them. */
export const PIXEL_COMPONENTS = 256;

/** sklearn StandardScaler: (x − mean) / std with population std; constant features get std 1. */
export function standardise(X: Float32Array, dim: number, trainRows: readonly number[]): Float32Array {
  const mean = new Float64Array(dim);
  const sq = new Float64Array(dim);
  for (const i of trainRows) for (let j = 0; j < dim; j++) mean[j] += X[i * dim + j];
  for (let j = 0; j < dim; j++) mean[j] /= trainRows.length;
  for (const i of trainRows) for (let j = 0; j < dim; j++) sq[j] += (X[i * dim + j] - mean[j]) ** 2;
  const std = sq.map((s) => Math.sqrt(s / trainRows.length) || 1);
  const out = new Float32Array(X.length);
  for (let i = 0; i < X.length; i++) out[i] = (X[i] - mean[i % dim]) / std[i % dim];
  return out;
}

/**
 * PCA fitted on the training rows: project on their principal axes (at most n_train − 1 of them,
 * and at most `maxComponents`), each scaled to unit variance when `whitenAxes`. Returns the new
 * matrix and its width.
 */
export function pcaReduce(
  X: Float32Array,
  dim: number,
  trainRows: readonly number[],
  whitenAxes: boolean,
  maxComponents = 256,
): { X: Float32Array; dim: number } {
  const train = trainRows.map((i) => Array.from(X.subarray(i * dim, (i + 1) * dim)));
  const pca = new PCA(train, { center: true, scale: false });
  const eigen = pca.getEigenvalues();
  const k = Math.max(1, Math.min(maxComponents, trainRows.length - 1, eigen.filter((v) => v > 1e-10 * eigen[0]).length));
  const n = X.length / dim;
  const all = Array.from({ length: n }, (_, i) => Array.from(X.subarray(i * dim, (i + 1) * dim)));
  const projected = pca.predict(all, { nComponents: k }).to2DArray();
  const out = new Float32Array(n * k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) out[i * k + c] = whitenAxes ? projected[i][c] / Math.sqrt(eigen[c]) : projected[i][c];
  return { X: out, dim: k };
}

export function whiten(kind: Whitening, X: Float32Array, dim: number, trainRows: readonly number[]): { X: Float32Array; dim: number } {
  if (kind === 'standardise') return { X: standardise(X, dim, trainRows), dim };
  if (kind === 'pca') return pcaReduce(X, dim, trainRows, true);
  return { X, dim };
}
