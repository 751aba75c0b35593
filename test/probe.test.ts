import { describe, expect, it } from 'vitest';
import { fitLogReg, predictLogReg } from '../src/core/logreg';
import { confusionMatrix, meanStd, report } from '../src/core/metrics';
import { budgetSubset, stratifiedFolds, stratifiedSplit } from '../src/core/split';
import { standardise } from '../src/core/whiten';
import ref from './fixtures/probe-reference.json';

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
    expect(confusionMatrix([0, 1, 1], [0, 0, 1], 2)).toEqual([[1, 0], [1, 1]]);
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

describe('linear head = scikit-learn LogisticRegression (C = 1, multinomial, lbfgs)', () => {
  const X = Float32Array.from(ref.X);
  it.each(ref.cases.map((c) => [`${c.fraction * 100} % seed ${c.seed}${c.standardise ? ' standardised' : ''}`, c] as const))('%s', (_, c) => {
    const data = c.standardise ? standardise(X, ref.D, c.train) : X;
    const model = fitLogReg({ X: data, dim: ref.D, rows: c.train, labels: ref.y }, ref.K);
    const predicted = predictLogReg(model, data, ref.test);
    const r = report(ref.test.map((i) => ref.y[i]), predicted, ref.K);
    expect(Math.abs(r.macroF1 - c.macroF1)).toBeLessThan(0.01);
    const agree = predicted.filter((p, i) => p === c.predictions[i]).length / predicted.length;
    expect(agree).toBeGreaterThanOrEqual(0.99);
  });
});
