import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import * as ortNode from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { makeBatch } from '../../src/models/lib/modelInput';
import { convertNsfwjsMobileNetV2, FEATURE_OUTPUTS } from '../../models/build/convertNsfwjs';
import { loadNsfwjsMobileNetV2 } from '../../models/build/nsfwjsMobileNetV2';
import { sharedPath } from '../support/shared';

/** Three real MiraBest cutouts as the default model sees them: 224 px, RGB in [0, 1], NCHW. */
function inputs(): Float32Array {
  const raw = gunzipSync(readFileSync(sharedPath('mirabest/basic_792/images_u8.raw.gz')));
  const images = [0, 300, 700].map((i) => ({
    width: 150,
    height: 150,
    channels: 1 as const,
    pixels: new Uint8Array(raw.subarray(i * 22500, (i + 1) * 22500)),
  }));
  return makeBatch(images, { size: 224, mean: [0, 0, 0], std: [1, 1, 1] });
}

function nchwToNhwc(x: Float32Array, n: number, c: number, h: number, w: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let b = 0; b < n; b++) for (let k = 0; k < c; k++) for (let p = 0; p < h * w; p++) out[(b * h * w + p) * c + k] = x[(b * c + k) * h * w + p];
  return out;
}

describe('nsfwjs MobileNetV2 → ONNX', () => {
  it('gives the same features as TF.js running the original Keras model', async () => {
    const x = inputs();
    const { bytes } = convertNsfwjsMobileNetV2();
    const session = await ortNode.InferenceSession.create(bytes);
    const onnxOut = await session.run({ pixel_values: new ortNode.Tensor('float32', x, [3, 3, 224, 224]) });

    await tf.setBackend('cpu');
    const m = loadNsfwjsMobileNetV2();
    const weightData = m.weightData.buffer.slice(m.weightData.byteOffset, m.weightData.byteOffset + m.weightData.byteLength);
    const keras = await tfl.loadLayersModel({
      load: async () => ({ modelTopology: m.modelTopology, weightSpecs: m.weightSpecs, weightData: weightData as ArrayBuffer }),
    });
    const layers = Object.values(FEATURE_OUTPUTS).map((name) => keras.getLayer(name).output as tfl.SymbolicTensor);
    const truncated = tfl.model({ inputs: keras.inputs, outputs: layers });
    const maps = truncated.predict(tf.tensor4d(nchwToNhwc(x, 3, 3, 224, 224), [3, 224, 224, 3])) as tf.Tensor[];

    for (const [i, name] of Object.keys(FEATURE_OUTPUTS).entries()) {
      const reference = tf.mean(maps[i], [1, 2]).dataSync(); // global average pool, NHWC
      const ours = onnxOut[name].data as Float32Array;
      expect(ours.length).toBe(reference.length);
      let maxDiff = 0;
      let maxAbs = 0;
      for (let j = 0; j < ours.length; j++) {
        maxDiff = Math.max(maxDiff, Math.abs(ours[j] - reference[j]));
        maxAbs = Math.max(maxAbs, Math.abs(reference[j]));
      }
      console.log(`${name}: max |ONNX − TF.js| = ${maxDiff.toExponential(2)} (max |value| ${maxAbs.toFixed(2)})`);
      expect(maxAbs).toBeGreaterThan(0.1); // not a dead network
      expect(maxDiff).toBeLessThan(1e-4 * Math.max(1, maxAbs));
    }
  });
});
