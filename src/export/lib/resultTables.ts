/**
 * Computed results as CSV tables for a paper or a spreadsheet. Names in them (pipelines, classes,
 * files) are the user's: cells a spreadsheet would run as formulas are quoted (papaparse's
 * escapeFormulae).
 */
import Papa from 'papaparse';
import type { PipelineMetrics } from '../../compare/lib/compare';
import type { ProbeResult } from '../../probe/lib/probe';

export type Cell = string | number | null;

export const csvTable = (fields: string[], rows: Cell[][]): string => Papa.unparse({ fields, data: rows }, { escapeFormulae: true });

export interface ProbeSeries {
  /** The pipeline as the app names it ("DINOv2-S/14 · default preprocessing"). */
  title: string;
  results: ProbeResult[];
}

/** One row per pipeline × head × label budget: full-precision mean and std over seeds, per-class F1. */
export function probeResultsCsv(series: ProbeSeries[], classNames: string[]): string {
  const fields = ['pipeline', 'head', 'budget', 'n_train', 'seeds', 'macro_f1_mean', 'macro_f1_std', 'accuracy_mean', 'accuracy_std', ...classNames.map((c) => `f1_${c}`)];
  return csvTable(fields, series.flatMap(({ title, results }) => results.map((r) => [
    title, r.head, r.budgetLabel, r.nTrain, r.seeds, r.macroF1Mean, r.macroF1Std, r.accuracyMean, r.accuracyStd, ...r.perClassF1Mean,
  ])));
}

/** One row per pipeline: the embedding metrics on `images` images (NaN, where undefined, as an empty cell). */
export function metricsCsv(rows: { title: string; metrics: PipelineMetrics }[], images: number): string {
  const value = (v: number) => (Number.isFinite(v) ? v : null);
  return csvTable(['pipeline', 'images', 'knn_accuracy', 'knn_macro_f1', 'silhouette', 'trustworthiness'], rows.map(({ title, metrics: m }) => [
    title, images, value(m.knnAccuracy), value(m.knnMacroF1), value(m.silhouette), value(m.trustworthiness),
  ]));
}
