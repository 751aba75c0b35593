import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../src/probe/lib/probe';
import { metricsCsv, probeComparisonsCsv, probeResultsCsv } from '../../src/export/lib/resultTables';
import { comparePipelineResults } from '../../src/probe/lib/pipelineComparisons';

const result = (budgetLabel: string, f1: number): ProbeResult => ({
  head: 'linear',
  budget: { kind: 'fraction', value: 0.5 },
  budgetLabel,
  macroF1Mean: f1,
  macroF1Std: 0.0123456789,
  macroF1PerSeed: [f1 - 0.01, f1 + 0.01],
  accuracyMean: 0.9,
  accuracyStd: 0.01,
  perClassF1Mean: [f1 - 0.1, f1 + 0.1],
  confusion: [
    [1, 0],
    [0, 1],
  ],
  nTrain: 80,
  seeds: 5,
  predictions: new Int32Array(0),
});

describe('probe results as CSV', () => {
  it('one row per pipeline × head × budget, full precision, per-class F1 columns', () => {
    const csv = probeResultsCsv(
      [
        { title: 'DINOv2 · default preprocessing', results: [result('50 %', 0.8123456789), result('100 %', 0.85)] },
        { title: 'Pixels (no network) · default preprocessing', results: [result('50 %', 0.6), result('100 %', 0.62)] },
      ],
      ['FRI', 'FRII'],
    );
    const { data } = Papa.parse<Record<string, string>>(csv, { header: true });
    expect(Object.keys(data[0])).toEqual([
      'pipeline',
      'head',
      'budget',
      'n_train',
      'seeds',
      'macro_f1_mean',
      'macro_f1_std',
      'accuracy_mean',
      'accuracy_std',
      'f1_FRI',
      'f1_FRII',
      'macro_f1_seed1',
      'macro_f1_seed2',
    ]);
    expect(data).toHaveLength(4);
    expect(data[0]).toMatchObject({
      pipeline: 'DINOv2 · default preprocessing',
      budget: '50 %',
      n_train: '80',
      seeds: '5',
      macro_f1_mean: '0.8123456789',
      macro_f1_std: '0.0123456789',
    });
    expect(Number(data[0].f1_FRII)).toBeCloseTo(0.9123456789, 12);
  });

  it('paired comparisons: one row per pair × head × budget, raw and Holm-corrected p', () => {
    const scores = (base: number) => Array.from({ length: 10 }, (_, i) => base + 0.01 * ((i * 7) % 5));
    const cs = comparePipelineResults([
      { id: 'a', basis: '', imageIds: [], results: [{ ...result('100 %', 0.8), macroF1PerSeed: scores(0.8) }] },
      { id: 'b', basis: '', imageIds: [], results: [{ ...result('100 %', 0.7), macroF1PerSeed: scores(0.7).map((v, i) => v + 0.002 * i) }] },
    ]);
    const { data } = Papa.parse<Record<string, string>>(
      probeComparisonsCsv(cs, (id) => `model ${id}`),
      { header: true },
    );
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({
      pipeline_a: 'model a',
      pipeline_b: 'model b',
      head: 'linear',
      budget: '100 %',
      seeds: '10',
      same_images: 'yes',
      wilcoxon_method: 'exact',
      better: 'model a',
    });
    expect(Number(data[0].mean_diff)).toBeCloseTo(cs[0].meanDiff, 12);
    expect(Number(data[0].p_t_holm)).toBe(cs[0].pTHolm);
  });

  it('names a spreadsheet would run as formulas stay text', () => {
    const csv = probeResultsCsv([{ title: '=HYPERLINK("http://evil")', results: [result('100 %', 0.5)] }], ['+cmd', 'ok']);
    const { data } = Papa.parse<Record<string, string>>(csv, { header: true });
    expect(data[0].pipeline.startsWith("'=")).toBe(true);
    expect(Object.keys(data[0])).toContain('f1_+cmd');
  });

  it('embedding metrics: one row per pipeline, undefined values as empty cells', () => {
    const csv = metricsCsv(
      [
        {
          title: 'MobileNetV2 · default preprocessing',
          metrics: { knnAccuracy: 0.75, knnMacroF1: 0.7491234, silhouette: 0.082, trustworthiness: 0.901, continuity: 0.93 },
        },
        { title: 'Pixels', metrics: { knnAccuracy: 0.565, knnMacroF1: 0.559, silhouette: NaN, trustworthiness: 0.857, continuity: 0.88 } },
      ],
      200,
    );
    expect(csv.split(/\r?\n/)).toEqual([
      'pipeline,images,knn_accuracy,knn_macro_f1,silhouette,trustworthiness,continuity',
      'MobileNetV2 · default preprocessing,200,0.75,0.7491234,0.082,0.901,0.93',
      'Pixels,200,0.565,0.559,,0.857,0.88',
    ]);
  });

  it('embedding metrics with pairs: Jaccard and CKA against every pipeline as a symmetric matrix', () => {
    const metrics = { knnAccuracy: 0.7, knnMacroF1: 0.7, silhouette: 0.1, trustworthiness: 0.9, continuity: 0.9 };
    const csv = metricsCsv(
      [
        { id: 'a', title: 'A', metrics },
        { id: 'b', title: 'B', metrics },
      ],
      50,
      [{ a: 'a', b: 'b', jaccard: 0.25, cka: 0.6, ckaDebiased: NaN }],
    );
    const lines = csv.split(/\r?\n/);
    expect(lines[0]).toBe(
      'pipeline,images,knn_accuracy,knn_macro_f1,silhouette,trustworthiness,continuity,jaccard10_A,jaccard10_B,cka_A,cka_B,cka_debiased_A,cka_debiased_B',
    );
    expect(lines[1].endsWith(',1,0.25,1,0.6,1,')).toBe(true);
    expect(lines[2].endsWith(',0.25,1,0.6,1,,1')).toBe(true);
  });

  it('embedding metrics with clusters: their number, the noise and the adjusted Rand index against every pipeline', () => {
    const metrics = { knnAccuracy: 0.7, knnMacroF1: 0.7, silhouette: 0.1, trustworthiness: 0.9, continuity: 0.9 };
    const csv = metricsCsv(
      [
        { id: 'a', title: 'A', metrics },
        { id: 'b', title: 'B', metrics },
        { id: 'c', title: 'C', metrics },
      ],
      50,
      [],
      { perPipeline: { a: { clusters: 4, noise: 7 }, b: { clusters: 2, noise: 0 } }, pairs: [{ a: 'a', b: 'b', n: 50, ari: 0.375 }] },
    );
    const lines = csv.split(/\r?\n/);
    expect(lines[0]).toBe('pipeline,images,knn_accuracy,knn_macro_f1,silhouette,trustworthiness,continuity,clusters,cluster_noise,ari_A,ari_B,ari_C');
    expect(lines[1].endsWith(',4,7,1,0.375,')).toBe(true);
    expect(lines[2].endsWith(',2,0,0.375,1,')).toBe(true);
    expect(lines[3].endsWith(',,,,,')).toBe(true);
  });

  it('embedding metrics with the orientation-invariance means: per orientation, empty for a pipeline not measured', () => {
    const metrics = { knnAccuracy: 0.7, knnMacroF1: 0.7, silhouette: 0.1, trustworthiness: 0.9, continuity: 0.9 };
    const summary = [
      { orientation: 'rot90' as const, meanCosine: 0.9, meanKept: 6.5, flipRate: 0.125 },
      { orientation: 'mirror' as const, meanCosine: 0.95, meanKept: 7, flipRate: NaN },
    ];
    const csv = metricsCsv(
      [
        { id: 'a', title: 'A', metrics, invariance: { images: 40, k: 10, summary } },
        { id: 'b', title: 'B', metrics },
      ],
      50,
    );
    const lines = csv.split(/\r?\n/);
    expect(lines[0]).toBe(
      'pipeline,images,knn_accuracy,knn_macro_f1,silhouette,trustworthiness,continuity,invariance_images,invariance_cosine_rot90,invariance_cosine_mirror,invariance_knn10_kept_rot90,invariance_knn10_kept_mirror,invariance_probe_flips_rot90,invariance_probe_flips_mirror',
    );
    expect(lines[1]).toBe('A,50,0.7,0.7,0.1,0.9,0.9,40,0.9,0.95,6.5,7,0.125,');
    expect(lines[2]).toBe('B,50,0.7,0.7,0.1,0.9,0.9,,,,,,,');
  });
});
