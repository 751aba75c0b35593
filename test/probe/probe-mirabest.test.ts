import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { meanStd } from '../../src/probe/lib/classificationMetrics';
import { IMAGENET_NORM, makeBatch } from '../../src/models/lib/modelInput';
import { crossValidate, DEFAULT_PROBE, runProbe, type ProbeData } from '../../src/probe/lib/probe';
import { sharedPath } from '../support/shared';

/**
 * The real-data check: frozen ImageNet MobileNetV2 features of MiraBest confident FR-I/FR-II
 * (full_derived, n = 832), linear head, 5-fold CV. The dataset's README records logistic
 * regression at 0.820 ± 0.022 on exactly these features.
 */
async function mirabestEmbeddings(): Promise<ProbeData> {
  const raw = gunzipSync(readFileSync(sharedPath('mirabest/full_derived/images_u8.raw.gz')));
  const rows = readFileSync(sharedPath('mirabest/full_derived/labels.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  // confident (second digit 0) FR-I (1xx) and FR-II (2xx)
  const picked = rows.filter((r) => r[2][1] === '0' && (r[2][0] === '1' || r[2][0] === '2'));
  const session = await ort.InferenceSession.create(sharedPath('models/mobilenetv2-int8-imagenet/mobilenet_v2_quant_feat1280.onnx'));
  const spec = { size: 224, mean: [...IMAGENET_NORM.mean] as [number, number, number], std: [...IMAGENET_NORM.std] as [number, number, number] };
  const X = new Float32Array(picked.length * 1280);
  for (let k = 0; k < picked.length; k++) {
    const i = Number(picked[k][0]);
    const image = { width: 150, height: 150, channels: 1 as const, pixels: new Uint8Array(raw.subarray(i * 22500, (i + 1) * 22500)) };
    const input = new ort.Tensor('float32', makeBatch([image], spec), [1, 3, 224, 224]);
    X.set((await session.run({ input }, ['542']))['542'].data as Float32Array, k * 1280);
  }
  return { X, dim: 1280, labels: Int32Array.from(picked, (r) => (r[2][0] === '1' ? 0 : 1)), nClasses: 2 };
}

describe('MiraBest confident FR-I/FR-II with the real MobileNetV2', () => {
  it('linear head, 5-fold CV: macro-F1 within 0.03 of the recorded 0.82', async () => {
    const data = await mirabestEmbeddings();
    expect(data.labels.length).toBe(832);
    expect(data.labels.filter((l) => l === 0).length).toBe(397);
    const scores = await crossValidate(data, 'linear', 5, DEFAULT_PROBE);
    const { mean, std } = meanStd(scores);
    console.log(`MiraBest 5-fold linear head macro-F1: ${mean.toFixed(3)} ± ${std.toFixed(3)}`);
    expect(Math.abs(mean - 0.82)).toBeLessThan(0.03);

    // The full protocol runs on the same data and improves with more labels.
    const results = await runProbe(data, {
      ...DEFAULT_PROBE,
      seeds: 3,
      budgets: [
        { kind: 'perClass', value: 10 },
        { kind: 'fraction', value: 1 },
      ],
    });
    expect(results[1].macroF1Mean).toBeGreaterThan(results[0].macroF1Mean);
    expect(results[1].nTrain).toBeCloseTo(832 * 0.8, -1);
  }, 300_000);
});
