/**
 * The multinomial logistic loss Σᵢ −log softmax(W xᵢ + b)[yᵢ] and its gradient over a set of rows:
 * the linear head's whole cost (two n × d × K products per L-BFGS step), so it is injected: the
 * workers and the CLI run it on onnxruntime's SIMD GEMM (ortSoftmaxLoss.ts), and this JavaScript
 * version is the fallback where onnxruntime cannot load.
 *
 * JavaScript has no SIMD, but a product of a block of rows by a block of classes reuses every load:
 * four rows × two classes keep eight sums in registers, so each value read from memory feeds two to
 * four multiply-adds (one row × one class, a plain dot product, feeds one). Measured on 8000 × 768,
 * 4 classes, CPU time on the bench machine: 28 ms per loss and gradient, against 58 ms for one dot
 * product and one axpy per row and class.
 */

/** Evaluates at `theta` ([K × d] weights then [K] intercepts): returns the summed loss and writes its gradient into `grad`. */
export type SoftmaxLoss = (theta: Float64Array, grad: Float64Array) => number | Promise<number>;

/** Builds the loss over `rows` of X (row-major, n × dim) with their `labels`, for one fit. */
export type SoftmaxLossFactory = (
  X: Float32Array | Float64Array,
  dim: number,
  rows: readonly number[],
  labels: ArrayLike<number>,
  nClasses: number,
) => SoftmaxLoss;

/** The training rows copied once, contiguous, as float32, followed by zero rows up to a multiple of `rowBlock`; and their labels. */
export function gatherRows(
  X: Float32Array | Float64Array,
  dim: number,
  rows: readonly number[],
  labels: ArrayLike<number>,
  rowBlock = 1,
): { Xs: Float32Array; y: Int32Array } {
  const Xs = new Float32Array(Math.ceil(rows.length / rowBlock) * rowBlock * dim);
  const y = new Int32Array(rows.length);
  rows.forEach((i, r) => {
    Xs.set(X.subarray(i * dim, (i + 1) * dim), r * dim);
    y[r] = labels[i];
  });
  return { Xs, y };
}

const ROWS = 4;
const CLASSES = 2;

/**
 * The loss in JavaScript. The rows are float32 (half the memory traffic of float64, same speed),
 * padded with zero rows to whole blocks of four; weights are padded to an even number of classes
 * with a zero class.
 */
export const jsSoftmaxLoss: SoftmaxLossFactory = (X, dim, rows, labels, nClasses) => {
  const d = dim,
    K = nClasses,
    n = rows.length;
  const Kp = Math.ceil(K / CLASSES) * CLASSES;
  const { Xs, y } = gatherRows(X, dim, rows, labels, ROWS);
  const W = new Float64Array(Kp * d);
  const G = new Float64Array(Kp * d);
  // Logits of the current block of rows (ROWS × Kp), overwritten by their loss gradient p − onehot(y).
  const Z = new Float64Array(ROWS * Kp);

  /** Softmax of the block's logits: the block's loss; Z becomes p − onehot(y), zero for padding rows. */
  const softmax = (r0: number, theta: Float64Array, grad: Float64Array): number => {
    let loss = 0;
    for (let q = 0; q < ROWS; q++) {
      const o = q * Kp;
      if (r0 + q >= n) {
        Z.fill(0, o, o + Kp);
        continue;
      }
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, (Z[o + k] += theta[K * d + k]));
      let sum = 0;
      for (let k = 0; k < K; k++) sum += Math.exp(Z[o + k] - max);
      const lse = max + Math.log(sum),
        label = y[r0 + q];
      loss += lse - Z[o + label];
      for (let k = 0; k < K; k++) {
        const g = Math.exp(Z[o + k] - lse) - (k === label ? 1 : 0);
        Z[o + k] = g;
        grad[K * d + k] += g;
      }
      for (let k = K; k < Kp; k++) Z[o + k] = 0;
    }
    return loss;
  };

  return (theta, grad) => {
    W.set(theta.subarray(0, K * d));
    G.fill(0);
    grad.fill(0, K * d, K * d + K);
    let loss = 0;
    for (let r = 0; r < n; r += ROWS) {
      const a0 = r * d,
        a1 = a0 + d,
        a2 = a1 + d,
        a3 = a2 + d;
      // Logits: the block of rows times the weights, two classes at a time.
      for (let k = 0; k < Kp; k += CLASSES) {
        const w0 = k * d,
          w1 = w0 + d;
        let s00 = 0,
          s01 = 0,
          s10 = 0,
          s11 = 0,
          s20 = 0,
          s21 = 0,
          s30 = 0,
          s31 = 0;
        for (let j = 0; j < d; j++) {
          const v0 = W[w0 + j],
            v1 = W[w1 + j];
          const x0 = Xs[a0 + j],
            x1 = Xs[a1 + j],
            x2 = Xs[a2 + j],
            x3 = Xs[a3 + j];
          s00 += v0 * x0;
          s01 += v1 * x0;
          s10 += v0 * x1;
          s11 += v1 * x1;
          s20 += v0 * x2;
          s21 += v1 * x2;
          s30 += v0 * x3;
          s31 += v1 * x3;
        }
        Z[k] = s00;
        Z[k + 1] = s01;
        Z[Kp + k] = s10;
        Z[Kp + k + 1] = s11;
        Z[2 * Kp + k] = s20;
        Z[2 * Kp + k + 1] = s21;
        Z[3 * Kp + k] = s30;
        Z[3 * Kp + k + 1] = s31;
      }
      loss += softmax(r, theta, grad);
      // Gradient: (p − onehot)ᵀ times the same rows, still in cache.
      for (let k = 0; k < Kp; k += CLASSES) {
        const w0 = k * d,
          w1 = w0 + d;
        const g00 = Z[k],
          g01 = Z[k + 1],
          g10 = Z[Kp + k],
          g11 = Z[Kp + k + 1],
          g20 = Z[2 * Kp + k],
          g21 = Z[2 * Kp + k + 1],
          g30 = Z[3 * Kp + k],
          g31 = Z[3 * Kp + k + 1];
        for (let j = 0; j < d; j++) {
          const x0 = Xs[a0 + j],
            x1 = Xs[a1 + j],
            x2 = Xs[a2 + j],
            x3 = Xs[a3 + j];
          G[w0 + j] += g00 * x0 + g10 * x1 + g20 * x2 + g30 * x3;
          G[w1 + j] += g01 * x0 + g11 * x1 + g21 * x2 + g31 * x3;
        }
      }
    }
    grad.set(G.subarray(0, K * d));
    return loss;
  };
};
