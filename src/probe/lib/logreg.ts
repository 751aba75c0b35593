/**
 * Multinomial logistic regression with an L2 penalty, fitted by L-BFGS: the objective of
 * scikit-learn's LogisticRegression(C, multi_class='multinomial'), i.e.
 *   C · Σᵢ −log softmax(W xᵢ + b)[yᵢ] + ½‖W‖²   (the intercept is not penalised),
 * minimised to convergence, so predictions agree with scikit-learn's.
 */
import { minimize } from './lbfgs';

export interface LogRegModel {
  nClasses: number;
  dim: number;
  /** [K × d] weights then [K] intercepts. */
  params: Float64Array;
  /** L-BFGS iterations used. */
  iterations: number;
}

export interface LogRegOptions {
  C?: number;
  maxIterations?: number;
  /** Largest gradient component (of the per-sample mean objective) at which to stop; default 1e-5. */
  tolerance?: number;
  /** Starting point (e.g. the solution on a smaller labelled subset): same optimum, fewer iterations. */
  init?: LogRegModel;
}

/** Rows of X (row-major, n × d) picked by `rows`. */
export interface Dataset {
  X: Float32Array | Float64Array;
  dim: number;
  rows: readonly number[];
  labels: ArrayLike<number>;
}

// Hot loops, unrolled by four: V8 does not vectorise, but independent accumulators pipeline.
function dot(a: Float64Array, ao: number, b: Float32Array, bo: number, n: number): number {
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  let j = 0;
  for (; j + 3 < n; j += 4) {
    s0 += a[ao + j] * b[bo + j];
    s1 += a[ao + j + 1] * b[bo + j + 1];
    s2 += a[ao + j + 2] * b[bo + j + 2];
    s3 += a[ao + j + 3] * b[bo + j + 3];
  }
  for (; j < n; j++) s0 += a[ao + j] * b[bo + j];
  return s0 + s1 + s2 + s3;
}

/** y[yo…] += alpha · x[xo…] */
function axpy(alpha: number, x: Float32Array, xo: number, y: Float64Array, yo: number, n: number): void {
  let j = 0;
  for (; j + 3 < n; j += 4) {
    y[yo + j] += alpha * x[xo + j];
    y[yo + j + 1] += alpha * x[xo + j + 1];
    y[yo + j + 2] += alpha * x[xo + j + 2];
    y[yo + j + 3] += alpha * x[xo + j + 3];
  }
  for (; j < n; j++) y[yo + j] += alpha * x[xo + j];
}

export function fitLogReg(data: Dataset, nClasses: number, options: LogRegOptions = {}): LogRegModel {
  const { X, dim: d, rows, labels } = data;
  const K = nClasses;
  const n = rows.length;
  const lambda = 1 / (options.C ?? 1);
  // Contiguous float32 copy of the training rows: no indirection, half the memory traffic of float64.
  const Xs = new Float32Array(n * d);
  const y = new Int32Array(n);
  rows.forEach((i, r) => {
    for (let j = 0; j < d; j++) Xs[r * d + j] = X[i * d + j];
    y[r] = labels[i];
  });
  const z = new Float64Array(K);
  // Objective divided by C·n (same minimiser, better-scaled tolerances).
  const scale = 1 / n;
  const objective = (theta: Float64Array, grad: Float64Array) => {
    grad.fill(0);
    let loss = 0;
    for (let r = 0; r < n; r++) {
      const off = r * d;
      let max = -Infinity;
      for (let k = 0; k < K; k++) {
        const s = theta[K * d + k] + dot(theta, k * d, Xs, off, d);
        z[k] = s;
        if (s > max) max = s;
      }
      let sum = 0;
      for (let k = 0; k < K; k++) sum += Math.exp(z[k] - max);
      const lse = max + Math.log(sum);
      loss += lse - z[y[r]];
      for (let k = 0; k < K; k++) {
        const g = Math.exp(z[k] - lse) - (k === y[r] ? 1 : 0);
        axpy(g, Xs, off, grad, k * d, d);
        grad[K * d + k] += g;
      }
    }
    let penalty = 0;
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < d; j++) {
        const q = k * d + j;
        penalty += theta[q] * theta[q];
        grad[q] = (grad[q] + lambda * theta[q]) * scale;
      }
      grad[K * d + k] *= scale;
    }
    return (loss + 0.5 * lambda * penalty) * scale;
  };
  const start = options.init && options.init.dim === d && options.init.nClasses === K ? options.init.params : new Float64Array(K * d + K);
  const { x, iterations } = minimize(objective, start, { maxIterations: options.maxIterations ?? 500, gradientTolerance: options.tolerance ?? 1e-5 });
  return { nClasses: K, dim: d, params: x, iterations };
}

/** The linear scores W x + b of row i into `out`. */
function scores(model: LogRegModel, X: Float32Array | Float64Array, i: number, out: Float64Array): void {
  const { nClasses: K, dim: d, params } = model;
  for (let k = 0; k < K; k++) {
    let s = params[K * d + k];
    for (let j = 0; j < d; j++) s += params[k * d + j] * X[i * d + j];
    out[k] = s;
  }
}

export function predictLogReg(model: LogRegModel, X: Float32Array | Float64Array, rows: readonly number[]): Int32Array {
  const z = new Float64Array(model.nClasses);
  const out = new Int32Array(rows.length);
  rows.forEach((i, r) => {
    scores(model, X, i, z);
    let best = 0;
    for (let k = 1; k < z.length; k++) if (z[k] > z[best]) best = k;
    out[r] = best;
  });
  return out;
}

/** Class probabilities (softmax of the scores), row-major rows × classes. */
export function probabilitiesLogReg(model: LogRegModel, X: Float32Array | Float64Array, rows: readonly number[]): Float32Array {
  const K = model.nClasses;
  const z = new Float64Array(K);
  const out = new Float32Array(rows.length * K);
  rows.forEach((i, r) => {
    scores(model, X, i, z);
    const max = Math.max(...z);
    let sum = 0;
    for (let k = 0; k < K; k++) sum += Math.exp(z[k] - max);
    for (let k = 0; k < K; k++) out[r * K + k] = Math.exp(z[k] - max) / sum;
  });
  return out;
}
