/**
 * Computed results as CSV tables for a paper or a spreadsheet. Names in them (pipelines, classes,
 * files) are the user's: cells a spreadsheet would run as formulas are quoted (papaparse's
 * escapeFormulae).
 */
import Papa from 'papaparse';
import type { PipelineMetrics, PipelinePair } from '../../compare/lib/compare';
import type { ClusterAgreementPair } from '../../clusters/lib/agreement';
import type { OrientationSummary } from '../../compare/lib/invariance';
import type { ProbeResult } from '../../probe/lib/probe';
import type { ProbeComparison } from '../../probe/lib/pipelineComparisons';

export type Cell = string | number | null;

const finite = (v: number) => (Number.isFinite(v) ? v : null);

export const csvTable = (fields: string[], rows: Cell[][]): string => Papa.unparse({ fields, data: rows }, { escapeFormulae: true });

export interface ProbeSeries {
  /** The pipeline as the app names it ("DINOv2-S/14 · default preprocessing"). */
  title: string;
  results: ProbeResult[];
}

/**
 * One row per pipeline × head × label budget: full-precision mean and std over seeds, per-class F1,
 * and the macro-F1 of every seed (`macro_f1_seed1…`: the paired samples, so the tests can be redone).
 */
export function probeResultsCsv(series: ProbeSeries[], classNames: string[]): string {
  const seeds = Math.max(0, ...series.flatMap((s) => s.results.map((r) => r.macroF1PerSeed.length)));
  const seedFields = Array.from({ length: seeds }, (_, i) => `macro_f1_seed${i + 1}`);
  const fields = [
    'pipeline',
    'head',
    'budget',
    'n_train',
    'seeds',
    'macro_f1_mean',
    'macro_f1_std',
    'accuracy_mean',
    'accuracy_std',
    ...classNames.map((c) => `f1_${c}`),
    ...seedFields,
  ];
  return csvTable(
    fields,
    series.flatMap(({ title, results }) =>
      results.map((r) => [
        title,
        r.head,
        r.budgetLabel,
        r.nTrain,
        r.seeds,
        r.macroF1Mean,
        r.macroF1Std,
        r.accuracyMean,
        r.accuracyStd,
        ...r.perClassF1Mean,
        ...seedFields.map((_, i) => r.macroF1PerSeed[i] ?? null),
      ]),
    ),
  );
}

/** One row per pair of pipelines × head × budget: the paired differences and both tests, raw and Holm-corrected (undefined values as empty cells). */
export function probeComparisonsCsv(comparisons: ProbeComparison[], title: (id: string) => string): string {
  const fields = [
    'pipeline_a',
    'pipeline_b',
    'head',
    'budget',
    'seeds',
    'same_images',
    'mean_diff',
    'ci95_low',
    'ci95_high',
    't',
    'p_t',
    'p_t_holm',
    'wilcoxon_w',
    'wilcoxon_method',
    'p_wilcoxon',
    'p_wilcoxon_holm',
    'better',
  ];
  return csvTable(
    fields,
    comparisons.map((c) => [
      title(c.a),
      title(c.b),
      c.head,
      c.budget,
      c.n,
      c.sameImages ? 'yes' : 'no',
      finite(c.meanDiff),
      finite(c.ciLow),
      finite(c.ciHigh),
      Number.isNaN(c.t) ? null : c.t,
      finite(c.pT),
      finite(c.pTHolm),
      finite(c.wilcoxon),
      c.wilcoxonMethod,
      finite(c.pWilcoxon),
      finite(c.pWilcoxonHolm),
      c.better === null ? '' : title(c.better),
    ]),
  );
}

/** A pipeline's orientation-invariance means (src/compare/lib/invariance.ts) and the number of images they are over. */
export interface InvarianceColumns {
  images: number;
  k: number;
  summary: OrientationSummary[];
}

/**
 * One row per pipeline: the embedding metrics on `images` images, then its agreement with every
 * pipeline as columns (`jaccard10_<pipeline>`, `cka_<pipeline>`, `cka_debiased_<pipeline>`: a
 * symmetric matrix, 1 on the diagonal), then, once the orientation-invariance check has run, its
 * sample size and per orientation the mean cosine, neighbours kept and probe flip rate
 * (`invariance_cosine_rot90`, `invariance_knn10_kept_rot90`, `invariance_probe_flips_rot90`, …).
 * NaN, where undefined, is an empty cell.
 */
export function metricsCsv(
  rows: { id?: string; title: string; metrics: PipelineMetrics; invariance?: InvarianceColumns }[],
  images: number,
  pairs: PipelinePair[] = [],
  clusters?: { perPipeline: Record<string, { clusters: number; noise: number }>; pairs: ClusterAgreementPair[] },
): string {
  const pairOf = (a?: string, b?: string) => pairs.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a));
  const clusterCells = (a: { id?: string }) => {
    if (!clusters) return [];
    const own = a.id === undefined ? undefined : clusters.perPipeline[a.id];
    const ari = (b: { id?: string }) =>
      a.id === b.id ? (own ? 1 : null) : finite(clusters.pairs.find((p) => (p.a === a.id && p.b === b.id) || (p.a === b.id && p.b === a.id))?.ari ?? NaN);
    return [own?.clusters ?? null, own?.noise ?? null, ...rows.map(ari)];
  };
  const withOthers = pairs.length > 0 ? rows : [];
  const agreement = (key: 'jaccard' | 'cka' | 'ckaDebiased') => (a: { id?: string }) =>
    withOthers.map((b) => (a.id === b.id ? 1 : finite(pairOf(a.id, b.id)?.[key] ?? NaN)));
  const columns = [
    ['jaccard10', agreement('jaccard')],
    ['cka', agreement('cka')],
    ['cka_debiased', agreement('ckaDebiased')],
  ] as const;
  // The orientations and k of the first measured pipeline name the columns (every run measures the same ones).
  const measured = rows.find((r) => r.invariance)?.invariance;
  const orientations = measured?.summary.map((s) => s.orientation) ?? [];
  const invarianceFields = measured
    ? [
        'invariance_images',
        ...orientations.map((o) => `invariance_cosine_${o}`),
        ...orientations.map((o) => `invariance_knn${measured.k}_kept_${o}`),
        ...orientations.map((o) => `invariance_probe_flips_${o}`),
      ]
    : [];
  const fields = [
    'pipeline',
    'images',
    'knn_accuracy',
    'knn_macro_f1',
    'silhouette',
    'trustworthiness',
    'continuity',
    ...columns.flatMap(([name]) => withOthers.map((b) => `${name}_${b.title}`)),
    ...(clusters ? ['clusters', 'cluster_noise', ...rows.map((b) => `ari_${b.title}`)] : []),
    ...invarianceFields,
  ];
  return csvTable(
    fields,
    rows.map((r) => {
      const m = r.metrics;
      return [
        r.title,
        images,
        finite(m.knnAccuracy),
        finite(m.knnMacroF1),
        finite(m.silhouette),
        finite(m.trustworthiness),
        finite(m.continuity),
        ...columns.flatMap(([, values]) => values(r)),
        ...clusterCells(r),
        ...(invarianceFields.length ? invarianceCells(r.invariance, orientations) : []),
      ];
    }),
  );
}

function invarianceCells(inv: InvarianceColumns | undefined, orientations: string[]): Cell[] {
  const of = (o: string) => inv?.summary.find((s) => s.orientation === o);
  return [
    inv?.images ?? null,
    ...orientations.map((o) => finite(of(o)?.meanCosine ?? NaN)),
    ...orientations.map((o) => finite(of(o)?.meanKept ?? NaN)),
    ...orientations.map((o) => finite(of(o)?.flipRate ?? NaN)),
  ];
}
