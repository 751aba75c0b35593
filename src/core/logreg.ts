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
}

export interface LogRegOptions {
  C?: number;
  maxIterations?: number;
}

/** Rows of X (row-major, n × d) picked by `rows`. */
export interface Dataset {
  X: Float32Array | Float64Array;
  dim: number;
  rows: readonly number[];
  labels: ArrayLike<number>;
}

export function fitLogReg(data: Dataset, nClasses: number, options: LogRegOptions = {}): LogRegModel {
  const { X, dim: d, rows, labels } = data;
  const K = nClasses;
  const n = rows.length;
  const lambda = 1 / (options.C ?? 1);
  const z = new Float64Array(K);
  // Objective divided by C·n (same minimiser, better-scaled tolerances).
  const scale = 1 / n;
  const objective = (theta: Float64Array, grad: Float64Array) => {
    grad.fill(0);
    let loss = 0;
    for (const i of rows) {
      const off = i * d;
      let max = -Infinity;
      for (let k = 0; k < K; k++) {
        let s = theta[K * d + k];
        const w = k * d;
        for (let j = 0; j < d; j++) s += theta[w + j] * X[off + j];
        z[k] = s;
        if (s > max) max = s;
      }
      let sum = 0;
      for (let k = 0; k < K; k++) sum += Math.exp(z[k] - max);
      const lse = max + Math.log(sum);
      const y = labels[i];
      loss += lse - z[y];
      for (let k = 0; k < K; k++) {
        const r = Math.exp(z[k] - lse) - (k === y ? 1 : 0);
        if (r === 0) continue;
        const w = k * d;
        for (let j = 0; j < d; j++) grad[w + j] += r * X[off + j];
        grad[K * d + k] += r;
      }
    }
    let penalty = 0;
    for (let p = 0; p < K * d; p++) {
      penalty += theta[p] * theta[p];
      grad[p] = grad[p] * scale + (lambda * scale) * theta[p];
    }
    for (let k = 0; k < K; k++) grad[K * d + k] *= scale;
    return loss * scale + 0.5 * lambda * scale * penalty;
  };
  const { x } = minimize(objective, new Float64Array(K * d + K), { maxIterations: options.maxIterations ?? 1000, gradientTolerance: 1e-7 });
  return { nClasses: K, dim: d, params: x };
}

export function predictLogReg(model: LogRegModel, X: Float32Array | Float64Array, rows: readonly number[]): Int32Array {
  const { nClasses: K, dim: d, params } = model;
  const out = new Int32Array(rows.length);
  rows.forEach((i, r) => {
    let best = 0, bestScore = -Infinity;
    for (let k = 0; k < K; k++) {
      let s = params[K * d + k];
      for (let j = 0; j < d; j++) s += params[k * d + j] * X[i * d + j];
      if (s > bestScore) { bestScore = s; best = k; }
    }
    out[r] = best;
  });
  return out;
}
