/**
 * The probe's linear-head graph (no weights; written by `npm run models`): the logits of every
 * training row and the gradient of the multinomial logistic loss, as two GEMMs that onnxruntime
 * runs with its SIMD kernels (src/probe/lib/ortSoftmaxLoss.ts feeds it once per L-BFGS evaluation).
 *
 * Inputs: `x` [n, d] the training rows, `w` [k, d] weights, `b` [k] intercepts, `onehot` [n, k].
 * Outputs: `z` [n, k] = x·wᵀ + b (the loss itself is summed in float64 from these, in JavaScript),
 * `gw` [k, d] = (softmax(z) − onehot)ᵀ·x and `gb` [k] = Σ (softmax(z) − onehot).
 */
import { GraphBuilder } from './graphBuilder';

export function buildSoftmaxLossGraph(): Uint8Array {
  const g = new GraphBuilder();
  const x = g.input('x', ['n', 'd']);
  const w = g.input('w', ['k', 'd']);
  const b = g.input('b', ['k']);
  const onehot = g.input('onehot', ['n', 'k']);
  const [z] = g.opWithOutputs('Gemm', [x, w, b], ['z'], { transB: 1 });
  const residual = g.op('Sub', [g.op('Softmax', [z], { axis: 1 }), onehot]);
  g.opWithOutputs('Gemm', [residual, x], ['gw'], { transA: 1 });
  g.opWithOutputs('ReduceSum', [residual, g.int64('axes', [0])], ['gb'], { keepdims: 0 });
  g.output('z', ['n', 'k']);
  g.output('gw', ['k', 'd']);
  g.output('gb', ['k']);
  return g.toBytes('softmax_loss', 'Multinomial logistic loss: logits and gradient, written by Latent Sky (models/build/softmaxLossGraph.ts).');
}
