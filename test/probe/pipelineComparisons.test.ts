import { describe, expect, it } from 'vitest';
import { comparePipelineResults, verdict, type ComparedPipeline } from '../../src/probe/lib/pipelineComparisons';
import { holm, pairedT, wilcoxon } from '../../src/probe/lib/pairedTests';
import { DEFAULT_PROBE, runProbe, runProbeUnit, type ProbeData } from '../../src/probe/lib/probe';
import type { Budget } from '../../src/probe/lib/split';
import { seededRandom } from '../../src/shared/lib/random';
import { probeResult } from './support/probeResult';

const result = (budgetLabel: string, macroF1PerSeed: number[]) => probeResult(macroF1PerSeed, budgetLabel);

const pipeline = (id: string, scores: number[], basis = 'b', imageIds = ['x', 'y']): ComparedPipeline => ({
  id,
  results: [result('100 %', scores)],
  basis,
  imageIds,
});

describe('pipeline comparisons', () => {
  const good = [0.81, 0.84, 0.8, 0.83, 0.85, 0.82, 0.8, 0.84, 0.83, 0.86];
  const bad = good.map((v, i) => v - 0.05 - 0.004 * (i % 3));
  const same = good.map((v, i) => v + (i % 2 ? 0.01 : -0.01));
  const cs = comparePipelineResults([pipeline('A', bad), pipeline('B', good), pipeline('C', same)]);

  it('tests every pair at each head and budget, Holm-corrected over the pairs', () => {
    expect(cs.map((c) => `${c.a}-${c.b}`)).toEqual(['A-B', 'A-C', 'B-C']);
    const raw = [
      [bad, good],
      [bad, same],
      [good, same],
    ].map(([a, b]) => pairedT(a, b).p);
    expect(cs.map((c) => c.pTHolm)).toEqual(holm(raw));
    expect(cs[0].pWilcoxon).toBe(wilcoxon(bad, good).p);
    expect(cs[0].meanDiff).toBeCloseTo(-0.0536, 12);
  });
  it('says which is better, or that there is no significant difference', () => {
    const title = (id: string) => `model ${id}`;
    expect(cs[0].better).toBe('B');
    expect(verdict(cs[0], title)).toMatch(/^model B > model A, p (< 0\.001|= 0\.\d{3}) \(Holm\)$/);
    expect(cs[2].better).toBeNull();
    expect(verdict(cs[2], title)).toMatch(/^no significant difference \(p = [01]\.\d{3}, Holm\)$/);
  });
  it('compares only results from the same labels, images and settings, and flags different image sets', () => {
    expect(comparePipelineResults([pipeline('A', bad, 'b1'), pipeline('B', good, 'b2')])).toEqual([]);
    expect(comparePipelineResults([pipeline('A', bad), pipeline('B', good, 'b', ['x'])])[0].sameImages).toBe(false);
  });
  it('identical scores are no difference, not an error', () => {
    const [c] = comparePipelineResults([pipeline('A', good), pipeline('B', good)]);
    expect(c.pTHolm).toBeNaN();
    expect(c.better).toBeNull();
    expect(verdict(c, String)).toBe('no difference (identical scores)');
  });
});

describe('the probe scores pipelines on paired splits', () => {
  // Two "models" of the same 80 labelled images: a split and a labelled subset depend on the labels and the seed only.
  const rand = seededRandom(9);
  const n = 80,
    dim = 6;
  const labels = Int32Array.from({ length: n }, (_, i) => i % 3);
  const model = (shift: number): ProbeData => ({
    X: Float32Array.from({ length: n * dim }, (_, k) => rand() + shift * labels[Math.floor(k / dim)]),
    dim,
    labels,
    nClasses: 3,
  });
  const settings = {
    ...DEFAULT_PROBE,
    seeds: 4,
    budgets: [
      { kind: 'perClass', value: 4 },
      { kind: 'fraction', value: 1 },
    ] as Budget[],
  };
  it('the same test rows and the same number of labels per seed and budget', async () => {
    const [a, b] = [model(0.2), model(1)];
    for (let seed = 0; seed < settings.seeds; seed++) {
      const ua = await runProbeUnit(a, settings, { head: 'linear', seed }),
        ub = await runProbeUnit(b, settings, { head: 'linear', seed });
      expect(ub.test).toEqual(ua.test);
      expect(ub.budgets.map((x) => x.nTrain)).toEqual(ua.budgets.map((x) => x.nTrain));
    }
    const [ra, rb] = [await runProbe(a, settings), await runProbe(b, settings)];
    expect(ra[0].macroF1PerSeed).toHaveLength(4);
    expect(rb[1].macroF1Mean).toBeGreaterThan(ra[1].macroF1Mean);
  });
  it('ten seeds by default', () => expect(DEFAULT_PROBE.seeds).toBe(10));
});
