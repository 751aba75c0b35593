/**
 * Converts nsfwjs's Keras MobileNetV2 into an ONNX feature extractor: Conv / depthwise Conv with
 * BatchNorm folded in, ReLU6 as Clip, residual Add, and global average pooling. The classifier
 * head (Dense layers trained for nsfwjs's five classes) is dropped: the embedding is the
 * 1280-d pooled output of the last conv block, what a MobileNetV2 backbone gives as features.
 *
 * Input: `pixel_values` [N, 3, H, W] in [0, 1] (nsfwjs divides by 255, no mean/std), any even size.
 * Outputs, in order (the app picks the first by default):
 *   `features`                 [N, 1280]  pooled `out_relu` (blocks 11–16 were fine-tuned by nsfwjs)
 *   `imagenet_block10_features`[N, 96]    pooled `block_10_project_BN`, the deepest layer whose
 *                                          weights are still the frozen ImageNet ones
 */
import { GraphBuilder } from './graphBuilder';
import { dequantise, loadNsfwjsMobileNetV2, type KerasLayer } from './nsfwjsMobileNetV2';

export const FEATURE_OUTPUTS = { features: 'out_relu', imagenet_block10_features: 'block_10_project_BN' } as const;

type Weights = ReturnType<typeof dequantise>;

/** Keras [kh, kw, in, out] → ONNX [out, in, kh, kw]; depthwise [kh, kw, in, 1] → [in, 1, kh, kw]. */
function toOnnxKernel(kernel: { shape: number[]; values: Float32Array }, depthwise: boolean): { dims: number[]; values: Float32Array } {
  const [kh, kw, cin, cout] = kernel.shape;
  const outC = depthwise ? cin * cout : cout;
  const inC = depthwise ? 1 : cin;
  const w = new Float32Array(outC * inC * kh * kw);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++) {
          const src = kernel.values[((y * kw + x) * cin + i) * cout + o];
          const [oc, ic] = depthwise ? [i * cout + o, 0] : [o, i];
          w[((oc * inC + ic) * kh + y) * kw + x] = src;
        }
  return { dims: [outC, inC, kh, kw], values: w };
}

function samePads(kernel: number, stride: number): number[] {
  if (stride !== 1) throw new Error('"same" padding with stride > 1 is not used by MobileNetV2 and not supported');
  const p = (kernel - 1) / 2;
  return [p, p, p, p];
}

export function convertNsfwjsMobileNetV2(): { bytes: Uint8Array; version: string } {
  const model = loadNsfwjsMobileNetV2();
  const weights: Weights = dequantise(model);
  const g = new GraphBuilder();
  const tensorOf = new Map<string, string>(); // Keras layer name → ONNX tensor
  const padsOf = new Map<string, { from: string; pads: number[] }>(); // ZeroPadding2D, folded into the next conv
  const pendingConv = new Map<string, { layer: KerasLayer; input: string; pads: number[] }>();
  const inputOf = (l: KerasLayer) => l.inbound_nodes[0][0][0];
  const get = (name: string) => {
    const t = tensorOf.get(name);
    if (!t) throw new Error(`layer ${name} has no converted output`);
    return t;
  };

  for (const layer of model.layers) {
    const c = layer.config;
    switch (layer.class_name) {
      case 'InputLayer':
        tensorOf.set(layer.name, g.input('pixel_values', ['batch', 3, 'height', 'width']));
        break;
      case 'ZeroPadding2D': {
        const [[top, bottom], [left, right]] = c.padding;
        padsOf.set(layer.name, { from: inputOf(layer), pads: [top, left, bottom, right] });
        break;
      }
      case 'Conv2D':
      case 'DepthwiseConv2D': {
        if (c.use_bias) throw new Error(`${layer.name}: convolutions with a bias are not expected`);
        const src = inputOf(layer);
        const padded = padsOf.get(src);
        const k = c.kernel_size[0];
        const pads = padded ? padded.pads : c.padding === 'same' ? samePads(k, c.strides[0]) : [0, 0, 0, 0];
        pendingConv.set(layer.name, { layer, input: get(padded ? padded.from : src), pads });
        break;
      }
      case 'BatchNormalization': {
        const conv = pendingConv.get(inputOf(layer));
        if (!conv) throw new Error(`${layer.name}: BatchNorm is only supported right after a convolution`);
        const depthwise = conv.layer.class_name === 'DepthwiseConv2D';
        const kernel = toOnnxKernel(weights.get(`${conv.layer.name}/${depthwise ? 'depthwise_kernel' : 'kernel'}`)!, depthwise);
        const [gamma, beta, mean, variance] = ['gamma', 'beta', 'moving_mean', 'moving_variance'].map((p) => weights.get(`${layer.name}/${p}`)!.values);
        const outC = kernel.dims[0];
        const per = kernel.values.length / outC;
        const bias = new Float32Array(outC);
        for (let o = 0; o < outC; o++) {
          const s = gamma[o] / Math.sqrt(variance[o] + c.epsilon);
          for (let j = 0; j < per; j++) kernel.values[o * per + j] *= s;
          bias[o] = beta[o] - mean[o] * s;
        }
        const attrs = {
          kernel_shape: conv.layer.config.kernel_size,
          strides: conv.layer.config.strides,
          pads: conv.pads,
          group: depthwise ? outC : 1,
        };
        const w = g.weight(`${conv.layer.name}.weight`, kernel.dims, kernel.values);
        const b = g.weight(`${conv.layer.name}.bias`, [outC], bias);
        tensorOf.set(layer.name, g.op('Conv', [conv.input, w, b], attrs, layer.name));
        break;
      }
      case 'ReLU': {
        if (c.max_value !== 6 || c.negative_slope !== 0 || c.threshold !== 0) throw new Error(`${layer.name}: only ReLU6 is supported`);
        tensorOf.set(layer.name, g.op('Clip', [get(inputOf(layer)), g.scalar(g.name('zero'), 0), g.scalar(g.name('six'), 6)], {}, layer.name));
        break;
      }
      case 'Add':
        tensorOf.set(
          layer.name,
          g.op(
            'Add',
            layer.inbound_nodes[0].map((n) => get(n[0])),
            {},
            layer.name,
          ),
        );
        break;
      default:
        // AveragePooling2D / Flatten / Dense / Dropout: nsfwjs's classifier head, not converted.
        break;
    }
  }

  for (const [output, layer] of Object.entries(FEATURE_OUTPUTS)) {
    const pooled = g.op('GlobalAveragePool', [get(layer)]);
    g.op('Flatten', [pooled], { axis: 1 }, output);
    g.output(output, ['batch', layer === 'out_relu' ? 1280 : 96]);
  }
  const doc = `MobileNetV2 (alpha 1.0) from nsfwjs ${model.version} (MIT), converted by Latent Sky. Blocks 0–10 keep Keras's frozen ImageNet weights; blocks 11–16 were fine-tuned by nsfwjs for its own 5-class task. Weights were uint8-quantised by nsfwjs.`;
  return { bytes: g.toBytes('mobilenetv2_nsfwjs_features', doc), version: model.version };
}
