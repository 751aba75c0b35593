/**
 * The study's protocol, done carefully: a classification head on frozen embeddings, trained on
 * labelled subsets of growing size, repeated over seeds, scored on held-out images.
 * - The split is stratified (or the dataset's own train/test column when there is one).
 * - Each seed draws a different split and a different labelled subset. Both depend only on the
 *   rows' labels, their order and the seed, never on the embeddings: pipelines probed on the same
 *   images (rows in content order) get the same split and subsets for a seed, so their scores are
 *   paired (pipelineComparisons.ts tests the differences).
 * - Whitening is fitted on the labelled training subset only; the MLP's epoch is chosen on a
 *   validation part of that subset, never on the test set.
 */
import { fitLogReg, predictLogReg, probabilitiesLogReg, type LogRegModel } from './logreg';
import { meanStd, report } from './classificationMetrics';
import { fitMlp, predictMlp } from './mlp';
import { budgetLabel, budgetSubset, stratifiedFolds, stratifiedSplit, type Budget } from './split';
import { jsSoftmaxLoss, type SoftmaxLossFactory } from './softmaxLoss';
import { pcaReduce, PIXEL_COMPONENTS, whiten, type Whitening } from './whiten';

export type Head = 'linear' | 'mlp';

export interface ProbeSettings {
  heads: Head[];
  whitening: Whitening;
  budgets: Budget[];
  seeds: number;
  testFraction: number;
  /** Inverse L2 strength of the linear head (scikit-learn's C). */
  C: number;
  mlpHidden: number;
}

/**
 * Defaults: the study's fractions, 10 seeds (so that the paired tests between pipelines have some
 * power: with 10 seeds the exact Wilcoxon test can reach p = 0.002; a recent radio benchmark uses 15), a linear head on raw features (on MiraBest, standardising
 * 1280 features for ~660 training images costs 0.02 macro-F1; it stays one click away).
 */
export const DEFAULT_PROBE: ProbeSettings = {
  heads: ['linear'],
  whitening: 'none',
  budgets: [0.1, 0.3, 0.5, 1].map((value) => ({ kind: 'fraction', value })),
  seeds: 10,
  testFraction: 0.2,
  C: 1,
  mlpHidden: 256,
};

export interface ProbeData {
  /** Row-major n × dim embeddings. */
  X: Float32Array;
  dim: number;
  /** Class index per row, −1 for unlabelled rows (left out). */
  labels: Int32Array;
  nClasses: number;
  /** Optional dataset split per row ('train' / 'test'); when present for every labelled row it replaces the random split. */
  split?: (string | undefined)[];
  /** Raw-pixel features: always reduced by PCA (fitted on the training subset) to ≤ 256 components before the head. */
  pixels?: boolean;
}

export interface ProbeResult {
  head: Head;
  budget: Budget;
  budgetLabel: string;
  macroF1Mean: number;
  macroF1Std: number;
  /** Macro-F1 of each seed, in seed order: the paired samples the pipeline comparisons test. */
  macroF1PerSeed: number[];
  accuracyMean: number;
  accuracyStd: number;
  perClassF1Mean: number[];
  /** Summed over seeds: confusion[true][predicted]. */
  confusion: number[][];
  /** Mean number of labelled training images per run. */
  nTrain: number;
  /** Runs (seeds) the means and standard deviations are over. */
  seeds: number;
  /** Test-set predictions of the last seed, per row (−1 where not in the test set). */
  predictions: Int32Array;
}

/** The features a head sees: raw pixels reduced by PCA, else the embeddings whitened as the settings say; fitted on `train` only. */
function features(data: ProbeData, settings: ProbeSettings, train: number[]): { X: Float32Array; dim: number } {
  const { X, dim } = data;
  return data.pixels ? pcaReduce(X, dim, train, false, PIXEL_COMPONENTS) : whiten(settings.whitening, X, dim, train);
}

/**
 * Fits one head on `train` and predicts `test`; returns the linear model too, to warm-start the next,
 * larger budget. `loss` is where the linear head's loss and gradient run (the runtime injected).
 * Whitening (and the pixels' PCA) is fitted on `train` only and applied to every row, so rows that
 * are not images of the set (the invariance check's turned copies) can be predicted too.
 */
export async function fitPredict(
  head: Head,
  data: ProbeData,
  train: number[],
  test: number[],
  settings: ProbeSettings,
  seed: number,
  init?: LogRegModel,
  loss: SoftmaxLossFactory = jsSoftmaxLoss,
): Promise<{ predicted: Int32Array; model?: LogRegModel }> {
  const { X, labels, nClasses } = data;
  const w = features(data, settings, train);
  const fit = { X: w.X, dim: w.dim, rows: train, labels };
  if (head === 'linear') {
    // A warm start is only valid in an unchanged feature space (no whitening fitted per subset).
    const model = await fitLogReg(fit, nClasses, { C: settings.C, init: w.X === X ? init : undefined, loss });
    return { predicted: predictLogReg(model, w.X, test), model };
  }
  return { predicted: predictMlp(fitMlp(fit, nClasses, { hidden: settings.mlpHidden, seed }), w.X, test) };
}

function splitFor(data: ProbeData, labelled: number[], settings: ProbeSettings, seed: number): { train: number[]; test: number[] } {
  const given = data.split && labelled.every((i) => data.split![i] === 'train' || data.split![i] === 'test');
  if (given) return { train: labelled.filter((i) => data.split![i] === 'train'), test: labelled.filter((i) => data.split![i] === 'test') };
  return stratifiedSplit(data.labels, labelled, settings.testFraction, 1000 + seed);
}

const budgetSize = (b: Budget, nTrain: number) => (b.kind === 'fraction' ? b.value * nTrain : b.value * 1e9);

/**
 * One independent chain of fits: a head and a seed, through every budget from small to large.
 * Chains share nothing, so they can run in parallel workers; merging them in (head, seed) order
 * gives exactly what one worker running them all would.
 */
export interface ProbeUnit {
  head: Head;
  seed: number;
}

/** The outcome of one unit: its test rows (one split per seed), and per budget (in settings order) the scores and predictions of those rows. */
export interface ProbeUnitResult extends ProbeUnit {
  test: Int32Array;
  budgets: { macroF1: number; accuracy: number; perClassF1: number[]; confusion: number[][]; nTrain: number; predicted: Int32Array }[];
}

export const probeUnits = (settings: ProbeSettings): ProbeUnit[] =>
  settings.heads.flatMap((head) => Array.from({ length: settings.seeds }, (_, seed) => ({ head, seed })));

/** Every n-th unit for each of n workers. */
export const shareUnits = (units: ProbeUnit[], workers: number): ProbeUnit[][] =>
  Array.from({ length: workers }, (_, w) => units.filter((_, i) => i % workers === w));

/** The number of fits a sweep makes: what progress counts to. */
export const probeFits = (settings: ProbeSettings) => settings.heads.length * settings.budgets.length * settings.seeds;

function labelledRows(data: ProbeData): number[] {
  const labelled = Array.from(data.labels.keys()).filter((i) => data.labels[i] >= 0);
  if (new Set(labelled.map((i) => data.labels[i])).size < 2) throw new Error('the probe needs labelled images of at least two classes');
  return labelled;
}

/** Runs one unit; `onFit()` after each fit; the linear head's loss on `loss` (JavaScript unless onnxruntime's is injected). */
export async function runProbeUnit(
  data: ProbeData,
  settings: ProbeSettings,
  { head, seed }: ProbeUnit,
  onFit?: () => void,
  loss: SoftmaxLossFactory = jsSoftmaxLoss,
): Promise<ProbeUnitResult> {
  const { train, test } = splitFor(data, labelledRows(data), settings, seed);
  const testLabels = test.map((i) => data.labels[i]);
  const budgets = new Array<ProbeUnitResult['budgets'][number]>(settings.budgets.length);
  // Budgets from small to large: a seed's labelled subsets are nested (same shuffle), so each
  // linear fit starts from the previous budget's solution.
  const order = settings.budgets.map((_, i) => i).sort((a, b) => budgetSize(settings.budgets[a], 1) - budgetSize(settings.budgets[b], 1));
  let previous: LogRegModel | undefined;
  for (const b of order) {
    const subset = budgetSubset(data.labels, train, settings.budgets[b], 2000 + seed);
    const { predicted, model } = await fitPredict(head, data, subset, test, settings, seed, previous, loss);
    previous = model;
    const r = report(testLabels, predicted, data.nClasses);
    budgets[b] = { macroF1: r.macroF1, accuracy: r.accuracy, perClassF1: r.perClassF1, confusion: r.confusion, nTrain: subset.length, predicted };
    onFit?.();
  }
  return { head, seed, test: Int32Array.from(test), budgets };
}

/** Summarises unit results per head × budget: mean ± std over seeds, summed confusion, the last seed's predictions. */
export function mergeProbeUnits(data: ProbeData, settings: ProbeSettings, units: ProbeUnitResult[]): ProbeResult[] {
  const K = data.nClasses;
  return settings.heads.flatMap((head) => {
    const mine = units.filter((u) => u.head === head).sort((a, b) => a.seed - b.seed);
    return settings.budgets.map((budget, b) => {
      const runs = mine.map((u) => u.budgets[b]);
      const confusion = Array.from({ length: K }, () => new Array<number>(K).fill(0));
      // Seeds in order, each overwriting its test rows: a row shows the last seed that tested it.
      const predictions = new Int32Array(data.labels.length).fill(-1);
      mine.forEach((u) => {
        const run = u.budgets[b];
        run.confusion.forEach((row, t) => row.forEach((v, p) => (confusion[t][p] += v)));
        u.test.forEach((i, k) => (predictions[i] = run.predicted[k]));
      });
      const m = meanStd(runs.map((r) => r.macroF1)),
        a = meanStd(runs.map((r) => r.accuracy));
      return {
        head,
        budget,
        budgetLabel: budgetLabel(budget),
        macroF1Mean: m.mean,
        macroF1Std: m.std,
        macroF1PerSeed: runs.map((r) => r.macroF1),
        accuracyMean: a.mean,
        accuracyStd: a.std,
        perClassF1Mean: Array.from({ length: K }, (_, c) => meanStd(runs.map((r) => r.perClassF1[c])).mean),
        confusion,
        nTrain: runs.reduce((n, r) => n + r.nTrain, 0) / runs.length,
        seeds: runs.length,
        predictions,
      };
    });
  });
}

/** Runs every head × budget × seed in this thread; `onProgress(done, total)` after each fit. */
export async function runProbe(
  data: ProbeData,
  settings: ProbeSettings,
  onProgress?: (done: number, total: number) => void,
  loss: SoftmaxLossFactory = jsSoftmaxLoss,
): Promise<ProbeResult[]> {
  labelledRows(data);
  const total = probeFits(settings);
  let done = 0;
  const results: ProbeUnitResult[] = [];
  for (const unit of probeUnits(settings)) results.push(await runProbeUnit(data, settings, unit, () => onProgress?.(++done, total), loss));
  return mergeProbeUnits(data, settings, results);
}

/** Stratified k-fold cross-validation of one head on all labelled rows: macro-F1 per fold. */
export async function crossValidate(
  data: ProbeData,
  head: Head,
  k: number,
  settings: ProbeSettings,
  seed = 0,
  loss: SoftmaxLossFactory = jsSoftmaxLoss,
): Promise<number[]> {
  const labelled = Array.from(data.labels.keys()).filter((i) => data.labels[i] >= 0);
  const folds = stratifiedFolds(data.labels, labelled, k, seed);
  const scores: number[] = [];
  for (const [f, test] of folds.entries()) {
    const train = folds.filter((_, g) => g !== f).flat();
    const { predicted } = await fitPredict(head, data, train, test, settings, seed + f, undefined, loss);
    scores.push(
      report(
        test.map((i) => data.labels[i]),
        predicted,
        data.nClasses,
      ).macroF1,
    );
  }
  return scores;
}

/**
 * The linear head fitted on every labelled row (features fitted on them too), and its class
 * probabilities for every row, labelled or not, row-major rows × classes: how sure the probe is
 * about each image, which the labelling queue ranks by. One fit, no split: nothing here is scored.
 */
export async function probeProbabilities(data: ProbeData, settings: ProbeSettings, loss: SoftmaxLossFactory = jsSoftmaxLoss): Promise<Float32Array> {
  const labelled = labelledRows(data);
  const w = features(data, settings, labelled);
  const model = await fitLogReg({ X: w.X, dim: w.dim, rows: labelled, labels: data.labels }, data.nClasses, { C: settings.C, loss });
  return probabilitiesLogReg(model, w.X, Array.from(data.labels.keys()));
}
