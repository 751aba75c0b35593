/**
 * Computed results as CSV tables for a paper or a spreadsheet. Names in them (pipelines, classes,
 * files) are the user's: cells a spreadsheet would run as formulas are quoted (papaparse's
 * escapeFormulae).
 */
import Papa from 'papaparse';
import type { PipelineMetrics } from '../../compare/lib/compare';
import type { ProbeResult } from '../../probe/lib/probe';
import type { ProbeComparison } from '../../probe/lib/pipelineComparisons';

export type Cell = string | number | null;

export const csvTable = (fields: string[], rows: Cell[][]): string => Papa.unparse({ fields, data: rows }, { escapeFormulae: true });

export interface ProbeSeries {
  /** The pipeline as the app names it ("DINOv2-S/14 · default preprocessing"). */
  title: string;
  results: ProbeResult[];
}

const finite = (v: number) => (Number.isFinite(v) ? v : null);

/**
 * One row per pipeline × head × label budget: full-precision mean and std over seeds, per-class F1,
 * and the macro-F1 of every seed (`macro_f1_seed1…`: the paired samples, so the tests can be redone).
 */
export function probeResultsCsv(series: ProbeSeries[], classNames: string[]): string {
  const seeds = Math.max(0, ...series.flatMap((s) => s.results.map((r) => r.macroF1PerSeed.length)));
  const seedFields = Array.from({ length: seeds }, (_, i) => `macro_f1_seed${i + 1}`);
  const fields = ['pipeline', 'head', 'budget', 'n_train', 'seeds', 'macro_f1_mean', 'macro_f1_std', 'accuracy_mean', 'accuracy_std', ...classNames.map((c) => `f1_${c}`), ...seedFields];
  return csvTable(fields, series.flatMap(({ title, results }) => results.map((r) => [
    title, r.head, r.budgetLabel, r.nTrain, r.seeds, r.macroF1Mean, r.macroF1Std, r.accuracyMean, r.accuracyStd, ...r.perClassF1Mean,
    ...seedFields.map((_, i) => r.macroF1PerSeed[i] ?? null),
  ])));
}

/** One row per pair of pipelines × head × budget: the paired differences and both tests, raw and Holm-corrected (undefined values as empty cells). */
export function probeComparisonsCsv(comparisons: ProbeComparison[], title: (id: string) => string): string {
  const fields = ['pipeline_a', 'pipeline_b', 'head', 'budget', 'seeds', 'same_images', 'mean_diff', 'ci95_low', 'ci95_high', 't', 'p_t', 'p_t_holm', 'wilcoxon_w', 'wilcoxon_method', 'p_wilcoxon', 'p_wilcoxon_holm', 'better'];
  return csvTable(fields, comparisons.map((c) => [
    title(c.a), title(c.b), c.head, c.budget, c.n, c.sameImages ? 'yes' : 'no', finite(c.meanDiff), finite(c.ciLow), finite(c.ciHigh),
    Number.isNaN(c.t) ? null : c.t, finite(c.pT), finite(c.pTHolm), finite(c.wilcoxon), c.wilcoxonMethod, finite(c.pWilcoxon), finite(c.pWilcoxonHolm),
    c.better === null ? '' : title(c.better),
  ]));
}

/** One row per pipeline: the embedding metrics on `images` images (NaN, where undefined, as an empty cell). */
export function metricsCsv(rows: { title: string; metrics: PipelineMetrics }[], images: number): string {
  const value = (v: number) => (Number.isFinite(v) ? v : null);
  return csvTable(['pipeline', 'images', 'knn_accuracy', 'knn_macro_f1', 'silhouette', 'trustworthiness'], rows.map(({ title, metrics: m }) => [
    title, images, value(m.knnAccuracy), value(m.knnMacroF1), value(m.silhouette), value(m.trustworthiness),
  ]));
}
