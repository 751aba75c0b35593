/**
 * ONNX graphs with the exact topology of the zoo's ViTs and random weights: patch embedding (a
 * strided Conv), CLS token, position embedding, pre-norm transformer blocks (multi-head
 * self-attention and a GELU MLP, with DINOv2's LayerScale), and a final LayerNorm. Used to test
 * the registry's output selection and backend agreement, and to benchmark what real VFM
 * inference costs in the browser, without downloading (or committing) any weights.
 *
 * Outputs: `last_hidden_state` [N, 1 + patches, dim]; with `pooler`, also `pooler_output`
 * [N, dim] = token 0 of it (what DINOv2's Hugging Face export returns).
 */
import { GraphBuilder } from './graphBuilder';
import { seededRandom } from '../../src/shared/lib/random';

export interface VitConfig {
  name: string;
  imageSize: number;
  patch: number;
  dim: number;
  depth: number;
  heads: number;
  mlp: number;
  eps: number;
  layerScale: boolean;
  pooler: boolean;
}

export const DINOV2_S14: VitConfig = {
  name: 'dinov2-s14',
  imageSize: 224,
  patch: 14,
  dim: 384,
  depth: 12,
  heads: 6,
  mlp: 1536,
  eps: 1e-6,
  layerScale: true,
  pooler: true,
};
/** MAE / MSN ViT-B/16: the CLS token of the last hidden state is the embedding. */
export const VIT_B16: VitConfig = {
  name: 'vit-b16',
  imageSize: 224,
  patch: 16,
  dim: 768,
  depth: 12,
  heads: 12,
  mlp: 3072,
  eps: 1e-6,
  layerScale: false,
  pooler: false,
};

export function buildVit(config: VitConfig, seed = 1): Uint8Array {
  const { imageSize, patch, dim, depth, heads, mlp, eps } = config;
  const rng = seededRandom(seed);
  const normal = (n: number, std: number) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = std * Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    return out;
  };
  const filled = (n: number, v: number) => new Float32Array(n).fill(v);
  const grid = imageSize / patch;
  if (!Number.isInteger(grid)) throw new Error(`${imageSize} px is not a whole number of ${patch} px patches`);
  const tokens = grid * grid + 1;
  const headDim = dim / heads;
  const g = new GraphBuilder();
  const w = (name: string, dims: number[], std = 0.02) =>
    g.weight(
      name,
      dims,
      normal(
        dims.reduce((a, b) => a * b, 1),
        std,
      ),
    );

  const pixels = g.input('pixel_values', ['batch', 3, imageSize, imageSize]);
  // Patch embedding: one strided convolution, then [N, dim, g, g] → [N, g·g, dim].
  const conv = g.op('Conv', [pixels, w('patch.weight', [dim, 3, patch, patch]), w('patch.bias', [dim])], {
    kernel_shape: [patch, patch],
    strides: [patch, patch],
  });
  const flat = g.op('Reshape', [conv, g.int64('shape_flat', [0, dim, -1])]);
  const patches = g.op('Transpose', [flat], { perm: [0, 2, 1] });
  // CLS token, broadcast to the batch: Expand to [N, 1, dim] with N read from the input's shape.
  const batch = g.op('Slice', [g.op('Shape', [patches]), g.int64('zero', [0]), g.int64('one', [1])]);
  const clsShape = g.op('Concat', [batch, g.int64('one_dim', [1, dim])], { axis: 0 });
  const cls = g.op('Expand', [w('cls_token', [1, 1, dim]), clsShape]);
  let x = g.op('Add', [g.op('Concat', [cls, patches], { axis: 1 }), w('position_embeddings', [1, tokens, dim])]);

  const headShape = g.int64('shape_heads', [0, 0, heads, headDim]);
  const mergeShape = g.int64('shape_merge', [0, 0, dim]);
  const scale = g.scalar('attention_scale', 1 / Math.sqrt(headDim));
  const sqrt2 = g.scalar('sqrt2', Math.SQRT2);
  const one = g.scalar('one_f', 1);
  const half = g.scalar('half', 0.5);
  const layerNorm = (input: string, prefix: string) =>
    g.op('LayerNormalization', [input, g.weight(`${prefix}.weight`, [dim], filled(dim, 1)), g.weight(`${prefix}.bias`, [dim], filled(dim, 0))], {
      axis: -1,
      epsilon: { float: eps },
    });
  const linear = (input: string, prefix: string, inDim: number, outDim: number) =>
    g.op('Add', [g.op('MatMul', [input, w(`${prefix}.weight`, [inDim, outDim])]), w(`${prefix}.bias`, [outDim])]);
  const layerScale = (input: string, prefix: string) =>
    config.layerScale ? g.op('Mul', [input, g.weight(`${prefix}.lambda1`, [dim], filled(dim, 0.1))]) : input;

  for (let i = 0; i < depth; i++) {
    const p = `encoder.layer.${i}`;
    // Multi-head self-attention.
    const qkv = linear(layerNorm(x, `${p}.norm1`), `${p}.attention.qkv`, dim, 3 * dim);
    const [q, k, v] = ['q', 'k', 'v'].map((_, j) =>
      g.op('Slice', [qkv, g.int64(`${p}.${j}.start`, [j * dim]), g.int64(`${p}.${j}.end`, [(j + 1) * dim]), g.int64(`${p}.${j}.axis`, [2])]),
    );
    const split = (t: string, perm: number[]) => g.op('Transpose', [g.op('Reshape', [t, headShape])], { perm });
    const scores = g.op('Mul', [g.op('MatMul', [split(q, [0, 2, 1, 3]), split(k, [0, 2, 3, 1])]), scale]);
    const attended = g.op('MatMul', [g.op('Softmax', [scores], { axis: -1 }), split(v, [0, 2, 1, 3])]);
    const merged = g.op('Reshape', [g.op('Transpose', [attended], { perm: [0, 2, 1, 3] }), mergeShape]);
    x = g.op('Add', [x, layerScale(linear(merged, `${p}.attention.output`, dim, dim), `${p}.layer_scale1`)]);
    // MLP with exact (erf) GELU.
    const hidden = linear(layerNorm(x, `${p}.norm2`), `${p}.mlp.fc1`, dim, mlp);
    const gelu = g.op('Mul', [g.op('Mul', [hidden, half]), g.op('Add', [g.op('Erf', [g.op('Div', [hidden, sqrt2])]), one])]);
    x = g.op('Add', [x, layerScale(linear(gelu, `${p}.mlp.fc2`, mlp, dim), `${p}.layer_scale2`)]);
  }

  const last = layerNorm(x, 'layernorm');
  g.op('Identity', [last], {}, 'last_hidden_state');
  g.output('last_hidden_state', ['batch', tokens, dim]);
  if (config.pooler) {
    g.op('Gather', [last, g.int64('cls_index', [0], true)], { axis: 1 }, 'pooler_output');
    g.output('pooler_output', ['batch', dim]);
  }
  return g.toBytes(config.name, `${config.name} topology with random weights (seed ${seed}), written by Latent Sky for tests and benchmarks.`);
}
