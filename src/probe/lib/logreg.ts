/**
 * Multinomial logistic regression with an L2 penalty, fitted by L-BFGS: the objective of
 * scikit-learn's LogisticRegression(C, multi_class='multinomial'), i.e.
 *   C · Σᵢ −log softmax(W xᵢ + b)[yᵢ] + ½‖W‖²   (the intercept is not penalised),
 * minimised to convergence, so predictions agree with scikit-learn's.
 */
import { minimize } from './lbfgs';
import { jsSoftmaxLoss, type SoftmaxLossFactory } from './softmaxLoss';

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
  /** Where the loss and its gradient run (onnxruntime in the workers and the CLI); JavaScript by default. */
  loss?: SoftmaxLossFactory;
}

/** Rows of X (row-major, n × d) picked by `rows`. */
export interface Dataset {
  X: Float32Array | Float64Array;
  dim: number;
  rows: readonly number[];
  labels: ArrayLike<number>;
}

export async function fitLogReg(data: Dataset, nClasses: number, options: LogRegOptions = {}): Promise<LogRegModel> {
  const { X, dim: d, rows, labels } = data;
  const K = nClasses;
  const n = rows.length;
  const lambda = 1 / (options.C ?? 1);
  const loss = (options.loss ?? jsSoftmaxLoss)(X, d, rows, labels, K);
  // Objective divided by C·n (same minimiser, better-scaled tolerances).
  const scale = 1 / n;
  const objective = async (theta: Float64Array, grad: Float64Array) => {
    const total = await loss(theta, grad);
    let penalty = 0;
    for (let q = 0; q < K * d; q++) {
      penalty += theta[q] * theta[q];
      grad[q] = (grad[q] + lambda * theta[q]) * scale;
    }
    for (let k = 0; k < K; k++) grad[K * d + k] *= scale;
    return (total + 0.5 * lambda * penalty) * scale;
  };
  const start = options.init && options.init.dim === d && options.init.nClasses === K ? options.init.params : new Float64Array(K * d + K);
  const { x, iterations } = await minimize(objective, start, { maxIterations: options.maxIterations ?? 500, gradientTolerance: options.tolerance ?? 1e-5 });
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
