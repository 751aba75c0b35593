/**
 * A one-hidden-layer MLP head (ReLU, softmax), trained with Adam on mini-batches. The epoch is
 * chosen on a validation part of the *training* subset (early stopping), never on the test set,
 * unlike the study's code, which reported the last epoch.
 */
import { seededRandom } from '../../shared/lib/random';
import { stratifiedSplit } from './split';
import type { Dataset } from './logreg';

export interface MlpOptions {
  hidden: number;
  seed: number;
  maxEpochs?: number;
  patience?: number;
  learningRate?: number;
  weightDecay?: number;
  batchSize?: number;
}

export interface MlpModel {
  dim: number;
  hidden: number;
  nClasses: number;
  /** W1 [h × d], b1 [h], W2 [K × h], b2 [K], flat. */
  params: Float32Array;
}

function layout(d: number, h: number, K: number) {
  return { w1: 0, b1: h * d, w2: h * d + h, b2: h * d + h + K * h, size: h * d + h + K * h + K };
}

/** Forward pass for one row; fills `hidden` and `probs`, returns −log p[y] (or 0 without y). */
function forward(m: MlpModel, x: ArrayLike<number>, off: number, hidden: Float32Array, probs: Float32Array, y?: number): number {
  const { dim: d, hidden: h, nClasses: K, params: p } = m;
  const L = layout(d, h, K);
  for (let u = 0; u < h; u++) {
    let s = p[L.b1 + u];
    const w = L.w1 + u * d;
    for (let j = 0; j < d; j++) s += p[w + j] * x[off + j];
    hidden[u] = s > 0 ? s : 0;
  }
  let max = -Infinity;
  for (let k = 0; k < K; k++) {
    let s = p[L.b2 + k];
    const w = L.w2 + k * h;
    for (let u = 0; u < h; u++) s += p[w + u] * hidden[u];
    probs[k] = s;
    if (s > max) max = s;
  }
  let sum = 0;
  for (let k = 0; k < K; k++) sum += probs[k] = Math.exp(probs[k] - max);
  for (let k = 0; k < K; k++) probs[k] /= sum;
  return y === undefined ? 0 : -Math.log(Math.max(probs[y], 1e-12));
}

export function fitMlp(data: Dataset, nClasses: number, options: MlpOptions): MlpModel {
  const { X, dim: d, labels } = data;
  const h = options.hidden,
    K = nClasses;
  const L = layout(d, h, K);
  const random = seededRandom(options.seed);
  const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const params = new Float32Array(L.size);
  for (let i = 0; i < h * d; i++) params[L.w1 + i] = gauss() * Math.sqrt(2 / d);
  for (let i = 0; i < K * h; i++) params[L.w2 + i] = gauss() * Math.sqrt(1 / h);
  const model: MlpModel = { dim: d, hidden: h, nClasses: K, params };

  const split = data.rows.length >= 20 ? stratifiedSplit(labels, data.rows, 0.15, options.seed) : { train: [...data.rows], test: [] };
  const train = split.train,
    val = split.test;
  const maxEpochs = options.maxEpochs ?? 200,
    patience = options.patience ?? 20;
  const lr = options.learningRate ?? 1e-3,
    decay = options.weightDecay ?? 1e-4,
    batch = options.batchSize ?? 32;
  const m1 = new Float32Array(L.size),
    m2 = new Float32Array(L.size),
    grad = new Float32Array(L.size);
  const hid = new Float32Array(h),
    probs = new Float32Array(K),
    dh = new Float32Array(h);
  let best = Infinity,
    bestParams = params.slice(),
    sinceBest = 0,
    t = 0;

  for (let epoch = 0; epoch < maxEpochs; epoch++) {
    const order = [...train];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (let start = 0; start < order.length; start += batch) {
      const rows = order.slice(start, start + batch);
      grad.fill(0);
      for (const i of rows) {
        const off = i * d;
        forward(model, X, off, hid, probs);
        dh.fill(0);
        for (let k = 0; k < K; k++) {
          const r = (probs[k] - (k === labels[i] ? 1 : 0)) / rows.length;
          grad[L.b2 + k] += r;
          const w = L.w2 + k * h;
          for (let u = 0; u < h; u++) {
            grad[w + u] += r * hid[u];
            dh[u] += r * params[w + u];
          }
        }
        for (let u = 0; u < h; u++) {
          if (hid[u] <= 0) continue;
          grad[L.b1 + u] += dh[u];
          const w = L.w1 + u * d;
          for (let j = 0; j < d; j++) grad[w + j] += dh[u] * X[off + j];
        }
      }
      t++;
      const c1 = 1 - 0.9 ** t,
        c2 = 1 - 0.999 ** t;
      for (let p = 0; p < L.size; p++) {
        const isWeight = p < L.b1 || (p >= L.w2 && p < L.b2);
        const g = grad[p] + (isWeight ? decay * params[p] : 0);
        m1[p] = 0.9 * m1[p] + 0.1 * g;
        m2[p] = 0.999 * m2[p] + 0.001 * g * g;
        params[p] -= (lr * (m1[p] / c1)) / (Math.sqrt(m2[p] / c2) + 1e-8);
      }
    }
    if (val.length === 0) continue;
    let loss = 0;
    for (const i of val) loss += forward(model, X, i * d, hid, probs, labels[i]);
    if (loss < best - 1e-6) {
      best = loss;
      bestParams = params.slice();
      sinceBest = 0;
    } else if (++sinceBest >= patience) break;
  }
  if (val.length) params.set(bestParams);
  return model;
}

export function predictMlp(model: MlpModel, X: ArrayLike<number>, rows: readonly number[]): Int32Array {
  const hid = new Float32Array(model.hidden),
    probs = new Float32Array(model.nClasses);
  return Int32Array.from(rows, (i) => {
    forward(model, X, i * model.dim, hid, probs);
    let best = 0;
    for (let k = 1; k < model.nClasses; k++) if (probs[k] > probs[best]) best = k;
    return best;
  });
}
