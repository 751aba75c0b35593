/**
 * "Is pipeline A really better than pipeline B?" For every pair of pipelines, head and budget: the
 * per-seed macro-F1 differences (paired: the same split and labelled subset for a seed, see
 * probe.ts), their mean with a 95 % t interval, the paired t-test and the Wilcoxon signed-rank
 * test, each Holm-corrected over all pairs at that head and budget. The verdict uses the
 * Holm-corrected paired t-test at α = 0.05.
 */
import { holm, pairedT, wilcoxon } from './pairedTests';
import type { Head, ProbeResult } from './probe';

export interface ComparedPipeline {
  id: string;
  results: ProbeResult[];
  /** What the results were computed from apart from the pipeline (labels, images, settings): only pipelines with equal bases are compared. */
  basis: string;
  /** Image ids of the probe's rows: equal lists mean the splits were exactly the same. */
  imageIds: readonly string[];
}

export interface ProbeComparison {
  head: Head;
  budget: string;
  a: string;
  b: string;
  /** Seeds paired. */
  n: number;
  /** Mean of macro-F1(a) − macro-F1(b) over seeds, with its 95 % t interval. */
  meanDiff: number;
  ciLow: number;
  ciHigh: number;
  t: number;
  pT: number;
  pTHolm: number;
  wilcoxon: number;
  pWilcoxon: number;
  pWilcoxonHolm: number;
  wilcoxonMethod: 'exact' | 'approx';
  /** False when the two pipelines were probed on different images (one failed on some): then the pairing is only by seed. */
  sameImages: boolean;
  /** The better pipeline's id when the Holm-corrected paired t-test is significant, else null. */
  better: string | null;
}

export const ALPHA = 0.05;

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** Every pair (in the given order) × head × budget that both pipelines have, Holm-corrected per head × budget. */
export function comparePipelineResults(pipelines: ComparedPipeline[], alpha = ALPHA): ProbeComparison[] {
  const out: ProbeComparison[] = [];
  const groups = new Map<string, ProbeComparison[]>();
  for (let i = 0; i < pipelines.length; i++) {
    for (let j = i + 1; j < pipelines.length; j++) {
      const A = pipelines[i],
        B = pipelines[j];
      if (A.basis !== B.basis) continue;
      for (const ra of A.results) {
        const rb = B.results.find((r) => r.head === ra.head && r.budgetLabel === ra.budgetLabel);
        if (!rb || rb.macroF1PerSeed.length !== ra.macroF1PerSeed.length) continue;
        const t = pairedT(ra.macroF1PerSeed, rb.macroF1PerSeed);
        const w = wilcoxon(ra.macroF1PerSeed, rb.macroF1PerSeed);
        const c: ProbeComparison = {
          head: ra.head,
          budget: ra.budgetLabel,
          a: A.id,
          b: B.id,
          n: t.n,
          meanDiff: t.meanDiff,
          ciLow: t.ciLow,
          ciHigh: t.ciHigh,
          t: t.t,
          pT: t.p,
          pTHolm: NaN,
          wilcoxon: w.statistic,
          pWilcoxon: w.p,
          pWilcoxonHolm: NaN,
          wilcoxonMethod: w.method,
          sameImages: sameList(A.imageIds, B.imageIds),
          better: null,
        };
        const key = `${c.head}\u0000${c.budget}`;
        groups.set(key, [...(groups.get(key) ?? []), c]);
        out.push(c);
      }
    }
  }
  for (const group of groups.values()) {
    const tHolm = holm(group.map((c) => c.pT)),
      wHolm = holm(group.map((c) => c.pWilcoxon));
    group.forEach((c, k) => {
      c.pTHolm = tHolm[k];
      c.pWilcoxonHolm = wHolm[k];
      c.better = c.pTHolm < alpha ? (c.meanDiff > 0 ? c.a : c.b) : null;
    });
  }
  return out;
}

/** A p-value as people write it: three decimals, "< 0.001" below that. */
export const formatP = (p: number) => (!Number.isFinite(p) ? '–' : p < 0.001 ? '< 0.001' : `= ${p.toFixed(3)}`);

/** "A > B, p = 0.003 (Holm)" or "no significant difference (p = 0.41, Holm)". */
export function verdict(c: ProbeComparison, title: (id: string) => string): string {
  if (!Number.isFinite(c.pTHolm)) return 'no difference (identical scores)';
  if (c.better === null) return `no significant difference (p ${formatP(c.pTHolm)}, Holm)`;
  const worse = c.better === c.a ? c.b : c.a;
  return `${title(c.better)} > ${title(worse)}, p ${formatP(c.pTHolm)} (Holm)`;
}
