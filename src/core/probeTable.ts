/**
 * The probe's results as a table for a paper or a spreadsheet: one row per pipeline × head ×
 * label budget, with full-precision means and standard deviations over seeds and per-class F1.
 */
import Papa from 'papaparse';
import type { ProbeResult } from './probe';

export interface ProbeSeries {
  /** The pipeline as the app names it ("DINOv2-S/14 · default preprocessing"). */
  title: string;
  results: ProbeResult[];
}

export function probeResultsCsv(series: ProbeSeries[], classNames: string[]): string {
  const fields = ['pipeline', 'head', 'budget', 'n_train', 'seeds', 'macro_f1_mean', 'macro_f1_std', 'accuracy_mean', 'accuracy_std', ...classNames.map((c) => `f1_${c}`)];
  const data = series.flatMap(({ title, results }) => results.map((r) => [
    title, r.head, r.budgetLabel, r.nTrain, r.seeds, r.macroF1Mean, r.macroF1Std, r.accuracyMean, r.accuracyStd, ...r.perClassF1Mean,
  ]));
  // Pipeline and class names are the user's: cells a spreadsheet would run as formulas are quoted.
  return Papa.unparse({ fields, data }, { escapeFormulae: true });
}
