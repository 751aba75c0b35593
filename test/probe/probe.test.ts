import * as ortWeb from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { buildSoftmaxLossGraph } from '../../models/build/softmaxLossGraph';
import type { OrtModule } from '../../src/models/lib/embedder';
import { createOrtSoftmaxLoss } from '../../src/probe/lib/ortSoftmaxLoss';
import { jsSoftmaxLoss, type SoftmaxLossFactory } from '../../src/probe/lib/softmaxLoss';
import { fitLogReg, predictLogReg, probabilitiesLogReg } from '../../src/probe/lib/logreg';
import { confusionMatrix, meanStd, report } from '../../src/probe/lib/classificationMetrics';
import { pixelFeatures } from '../../src/models/lib/pixelEmbedder';
import {
  DEFAULT_PROBE,
  mergeProbeUnits,
  probeProbabilities,
  probeUnits,
  runProbe,
  runProbeUnit,
  type ProbeData,
  type ProbeSettings,
} from '../../src/probe/lib/probe';
import { seededRandom } from '../../src/shared/lib/random';
import { budgetSubset, stratifiedFolds, stratifiedSplit, type Budget } from '../../src/probe/lib/split';
import { standardise } from '../../src/probe/lib/whiten';
import ref from '../fixtures/probe-reference.json';

describe('metrics, against scikit-learn', () => {
  it.each(ref.metrics.map((m, i) => [i, m] as const))('case %i', (_, m) => {
    const labels = [...new Set([...m.truth, ...m.predicted])].sort();
    const K = Math.max(...labels) + 1;
    const r = report(m.truth, m.predicted, K);
    expect(r.macroF1).toBeCloseTo(m.macroF1, 12);
    expect(r.accuracy).toBeCloseTo(m.accuracy, 12);
    expect(labels.map((c) => r.perClassF1[c])).toEqual(m.perClassF1.map((v) => expect.closeTo(v, 12)));
    expect(labels.map((t) => labels.map((p) => r.confusion[t][p]))).toEqual(m.confusion);
  });
  it('by hand', () => {
    expect(confusionMatrix([0, 1, 1], [0, 0, 1], 2)).toEqual([
      [1, 0],
      [1, 1],
    ]);
    // F1(class 0) = 2·1/(1+2) = 2/3, F1(class 1) = 2·1/(2+1) = 2/3.
    expect(report([0, 1, 1], [0, 0, 1], 2).macroF1).toBeCloseTo(2 / 3, 12);
    expect(meanStd([1, 2, 3])).toEqual({ mean: 2, std: 1 });
  });
});

describe('sampling', () => {
  const labels = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2];
  const all = labels.map((_, i) => i);
  it('stratified split keeps class proportions and is seeded', () => {
    const { train, test } = stratifiedSplit(labels, all, 0.25, 1);
    expect(test.map((i) => labels[i]).sort()).toEqual([0, 0, 1, 2]);
    expect([...train, ...test].sort((a, b) => a - b)).toEqual(all);
    expect(stratifiedSplit(labels, all, 0.25, 1)).toEqual({ train, test });
    expect(stratifiedSplit(labels, all, 0.25, 2).test).not.toEqual(test);
  });
  it('stratified folds partition the data with every class in every fold where possible', () => {
    const folds = stratifiedFolds(labels, all, 2, 3);
    expect(folds.flat().sort((a, b) => a - b)).toEqual(all);
    for (const f of folds) expect(new Set(f.map((i) => labels[i]))).toEqual(new Set([0, 1, 2]));
  });
  it('budgets: fractions and counts per class, different subsets per seed', () => {
    expect(budgetSubset(labels, all, { kind: 'fraction', value: 0.5 }, 1).map((i) => labels[i])).toEqual([0, 0, 0, 0, 1, 1, 2]);
    expect(budgetSubset(labels, all, { kind: 'perClass', value: 3 }, 1).map((i) => labels[i])).toEqual([0, 0, 0, 1, 1, 1, 2, 2]);
    expect(budgetSubset(labels, all, { kind: 'perClass', value: 3 }, 1)).not.toEqual(budgetSubset(labels, all, { kind: 'perClass', value: 3 }, 2));
  });
});

// The loss and gradient in JavaScript (the fallback) and on onnxruntime-web's WASM (what the workers and the CLI use).
const ortLoss = createOrtSoftmaxLoss(ortWeb as unknown as OrtModule, buildSoftmaxLossGraph()).then((k) => k.loss);
const losses: [string, () => Promise<SoftmaxLossFactory>][] = [
  ['JavaScript', async () => jsSoftmaxLoss],
  ['onnxruntime-web', () => ortLoss],
];

describe.each(losses)('linear head = scikit-learn LogisticRegression (C = 1, multinomial, lbfgs), loss in %s', (_, loss) => {
  const X = Float32Array.from(ref.X);
  it.each(ref.cases.map((c) => [`${c.fraction * 100} % seed ${c.seed}${c.standardise ? ' standardised' : ''}`, c] as const))('%s', async (_, c) => {
    const data = c.standardise ? standardise(X, ref.D, c.train) : X;
    const model = await fitLogReg({ X: data, dim: ref.D, rows: c.train, labels: ref.y }, ref.K, { loss: await loss() });
    const predicted = predictLogReg(model, data, ref.test);
    const r = report(
      ref.test.map((i) => ref.y[i]),
      predicted,
      ref.K,
    );
    expect(Math.abs(r.macroF1 - c.macroF1)).toBeLessThan(0.01);
    const agree = predicted.filter((p, i) => p === c.predictions[i]).length / predicted.length;
    expect(agree).toBeGreaterThanOrEqual(0.99);
  });
  it("class probabilities = scikit-learn's predict_proba", async () => {
    const c = ref.cases.find((x) => 'probabilities' in x)!;
    const model = await fitLogReg({ X, dim: ref.D, rows: c.train, labels: ref.y }, ref.K);
    const p = probabilitiesLogReg(model, X, ref.test);
    expect(p.length).toBe(c.probabilities!.length);
    p.forEach((v, i) => expect(Math.abs(v - c.probabilities![i])).toBeLessThan(2e-3));
    // The most probable class is the prediction.
    const predicted = predictLogReg(model, X, ref.test);
    predicted.forEach((k, r) => expect(Math.max(...p.subarray(r * ref.K, (r + 1) * ref.K))).toBe(p[r * ref.K + k]));
  });
});

describe('the protocol', () => {
  // Two Gaussian blobs in 8-d, 60 images each, plus 10 unlabelled.
  const rand = seededRandom(3);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const n = 130,
    dim = 8;
  const labels = Int32Array.from({ length: n }, (_, i) => (i >= 120 ? -1 : i % 2));
  const X = Float32Array.from({ length: n * dim }, (_, k) => gauss() + (labels[Math.floor(k / dim)] === 1 ? 1.5 : 0));
  const data: ProbeData = { X, dim, labels, nClasses: 2 };
  const settings = {
    ...DEFAULT_PROBE,
    seeds: 3,
    budgets: [
      { kind: 'fraction', value: 0.25 },
      { kind: 'perClass', value: 5 },
    ] as Budget[],
  };

  it('probabilities for every row, labelled or not, from one fit on all labels', async () => {
    const p = await probeProbabilities(data, settings);
    expect(p.length).toBe(n * 2);
    for (let i = 0; i < n; i++) expect(p[2 * i] + p[2 * i + 1]).toBeCloseTo(1, 5);
    // The labelled blobs are told apart: most labelled rows get their own class as the likelier one.
    const right = Array.from({ length: 120 }, (_, i) => (p[2 * i + labels[i]] > 0.5 ? 1 : 0)).reduce((a: number, b) => a + b, 0);
    expect(right / 120).toBeGreaterThan(0.8);
    expect((await probeProbabilities(data, { ...settings, whitening: 'standardise' })).length).toBe(n * 2);
  });

  it('runs every head × budget over seeds, with stratified subsets of the training split', async () => {
    const results = await runProbe(data, { ...settings, heads: ['linear', 'mlp'] });
    expect(results.map((r) => `${r.head} ${r.budgetLabel} ${r.nTrain}`)).toEqual(['linear 25 % 24', 'linear 5/class 10', 'mlp 25 % 24', 'mlp 5/class 10']);
    for (const r of results) {
      expect(r.macroF1Mean).toBeGreaterThan(0.7);
      expect(r.confusion.flat().reduce((a, b) => a + b, 0)).toBe(3 * 24); // 3 seeds × 20 % of 120 test images
      expect([...r.predictions].filter((p, i) => p >= 0 && labels[i] < 0)).toEqual([]); // unlabelled rows are never scored
    }
  });

  it('units run apart (in any order, as in parallel workers) merge into exactly the one-thread sweep', async () => {
    const both: ProbeSettings = { ...settings, heads: ['linear', 'mlp'] };
    const units = probeUnits(both);
    expect(units).toHaveLength(2 * 3);
    const apart = await Promise.all([...units].reverse().map((u) => runProbeUnit(data, both, u)));
    expect(mergeProbeUnits(data, both, apart)).toEqual(await runProbe(data, both));
  });

  it('uses the dataset split column when every labelled image has one', async () => {
    const split = Array.from({ length: n }, (_, i) => (i < 100 ? 'train' : 'test'));
    const [r] = await runProbe({ ...data, split }, { ...settings, budgets: [{ kind: 'fraction', value: 1 }] });
    expect(r.nTrain).toBe(100);
    expect(r.confusion.flat().reduce((a, b) => a + b, 0)).toBe(3 * 20);
  });

  it('needs two classes', async () => {
    await expect(runProbe({ ...data, labels: labels.map((l) => (l === 1 ? -1 : l)) }, settings)).rejects.toThrow(/at least two classes/);
  });

  it('reduces raw pixels by PCA fitted on the training rows', async () => {
    const [r] = await runProbe({ ...data, pixels: true }, { ...settings, budgets: [{ kind: 'fraction', value: 1 }] });
    expect(r.macroF1Mean).toBeGreaterThan(0.7);
  });
});

describe('pixel features', () => {
  it('area-averages to 32 × 32 grey in [0, 1]', () => {
    const img = { width: 64, height: 64, channels: 3 as const, pixels: new Uint8Array(3 * 64 * 64).fill(255) };
    const f = pixelFeatures(img);
    expect(f.length).toBe(1024);
    expect(f.every((v) => v === 1)).toBe(true);
    const tiny = pixelFeatures({ width: 2, height: 2, channels: 1, pixels: Uint8Array.from([0, 255, 255, 0]) });
    expect(tiny[0]).toBe(0);
    expect(tiny[31]).toBe(1);
  });
});
