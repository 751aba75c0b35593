/** Classification metrics, defined as scikit-learn defines them (zero_division = 0). */
export interface ClassificationReport {
  accuracy: number;
  macroF1: number;
  perClassF1: number[];
  /** confusion[true][predicted] */
  confusion: number[][];
}

export function confusionMatrix(truth: ArrayLike<number>, predicted: ArrayLike<number>, nClasses: number): number[][] {
  if (truth.length !== predicted.length) throw new Error('truth and predictions differ in length');
  const m = Array.from({ length: nClasses }, () => new Array<number>(nClasses).fill(0));
  for (let i = 0; i < truth.length; i++) m[truth[i]][predicted[i]]++;
  return m;
}

/**
 * Per-class F1 from a confusion matrix. Macro-F1 averages over classes present in the truth or the
 * predictions, as sklearn's f1_score(average='macro') does with the labels it sees.
 */
export function report(truth: ArrayLike<number>, predicted: ArrayLike<number>, nClasses: number): ClassificationReport {
  const confusion = confusionMatrix(truth, predicted, nClasses);
  const perClassF1: number[] = [];
  const present: number[] = [];
  let correct = 0;
  for (let c = 0; c < nClasses; c++) {
    const tp = confusion[c][c];
    correct += tp;
    let support = 0,
      predictedAs = 0;
    for (let k = 0; k < nClasses; k++) {
      support += confusion[c][k];
      predictedAs += confusion[k][c];
    }
    const denominator = support + predictedAs;
    perClassF1.push(denominator ? (2 * tp) / denominator : 0);
    if (support || predictedAs) present.push(c);
  }
  const macroF1 = present.length ? present.reduce((a, c) => a + perClassF1[c], 0) / present.length : 0;
  return { accuracy: truth.length ? correct / truth.length : 0, macroF1, perClassF1, confusion };
}

/** Mean and sample standard deviation (ddof = 1) over seeds. */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  const n = values.length;
  if (n === 0) return { mean: NaN, std: NaN };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const std = n > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, std };
}
