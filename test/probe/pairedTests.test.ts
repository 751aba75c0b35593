import { describe, expect, it } from 'vitest';
import { holm, normalSf, pairedT, tQuantile, tSf, wilcoxon, wilcoxonNullDistribution } from '../../src/probe/lib/pairedTests';
import ref from '../fixtures/paired-tests-reference.json';

/** |actual − expected| ≤ 1e-6 (absolute; p-values and statistics are O(1) or smaller). */
const close = (actual: number, expected: number) => expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(1e-6);

describe('paired tests against SciPy 1.10 (scripts/paired_tests_reference.py)', () => {
  it.each(ref.tSf)('t.sf($t, $df)', ({ t, df, sf }) => close(tSf(t, df), sf));
  it.each(ref.tPpf)('t.ppf($p, $df)', ({ p, df, x }) => close(tQuantile(p, df), x));
  it.each(ref.normSf)('norm.sf($z)', ({ z, sf }) => close(normalSf(z), sf));
  it.each(ref.paired)('ttest_rel and the t interval: $name', (c) => {
    const r = pairedT(c.a, c.b);
    close(r.meanDiff, c.meanDiff);
    close(r.ciLow, c.ciLow);
    close(r.ciHigh, c.ciHigh);
    close(r.t, c.t);
    close(r.p, c.tP);
  });
  it.each(ref.paired)('wilcoxon: $name ($wMethod)', (c) => {
    const r = wilcoxon(c.a, c.b);
    expect(r.method).toBe(c.wMethod);
    close(r.statistic, c.wStatistic);
    close(r.p, c.wP);
  });
  it('Holm', () => ref.holm.adjusted.forEach((v, i) => close(holm(ref.holm.p)[i], v)));
});

describe('paired tests, edge cases', () => {
  it('the exact null distribution sums to 1 and is symmetric', () => {
    const pmf = wilcoxonNullDistribution(10);
    expect(pmf.length).toBe(56);
    expect(pmf.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 14);
    expect(pmf[0]).toBe(1 / 1024);
    expect(pmf[55]).toBe(pmf[0]);
  });
  it('identical scores: nothing to test (NaN), no exception', () => {
    const a = [0.8, 0.7, 0.9];
    expect(pairedT(a, a).p).toBeNaN();
    expect(wilcoxon(a, a).p).toBeNaN();
  });
  it('a constant non-zero difference is t = ∞, p = 0, as SciPy', () => {
    const r = pairedT(
      [0.8, 0.7, 0.9],
      [0.7, 0.6, 0.8].map((v) => v),
    );
    expect(Math.abs(r.t)).toBeGreaterThan(1e6);
  });
  it('Holm leaves NaN out of the count', () => {
    expect(holm([0.01, NaN, 0.02])).toEqual([0.02, NaN, 0.02]);
  });
  it('refuses samples of different lengths', () => {
    expect(() => pairedT([1, 2], [1])).toThrow(/differ in length/);
    expect(() => wilcoxon([1, 2], [1])).toThrow(/differ in length/);
  });
});
