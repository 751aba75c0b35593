/**
 * Paired comparisons of two pipelines scored on the same splits (one macro-F1 per seed each):
 * the mean paired difference with a t-based 95 % interval, the paired t-test, the Wilcoxon
 * signed-rank test, and Holm's step-down correction over several pairs.
 *
 * Defined as SciPy 1.10 defines them (checked in test/probe/pairedTests.test.ts against
 * scripts/paired_tests_reference.py):
 * - `pairedT` = scipy.stats.ttest_rel(a, b) (two-sided); the interval is
 *   mean ± t.ppf(0.975, n − 1) · sd / √n with sd the sample standard deviation (ddof = 1).
 * - `wilcoxon` = scipy.stats.wilcoxon(a, b) with its defaults: zero_method 'wilcox' (zero
 *   differences dropped), no continuity correction, two-sided, method 'auto': the exact null
 *   distribution when n ≤ 50 and no difference is zero (tied |d| get mid-ranks and r₊ is truncated
 *   to an integer, as SciPy does), else the normal approximation with the tie correction of the
 *   variance. The statistic is min(r₊, r₋).
 * - `holm` = Holm (1979), as statsmodels' multipletests(method='holm'); NaN p-values are left out.
 */

// ——— special functions ———

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log Γ(x) for x > 0 (Lanczos, g = 7). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1,
    d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m;
    for (const num of [(m * (b - m) * x) / ((a + m2 - 1) * (a + m2)), (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))]) {
      d = 1 + num * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + num / c;
      if (Math.abs(c) < tiny) c = tiny;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-16) break;
  }
  return h;
}

/** The regularised incomplete beta function I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  // The fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(a, b, x)) / a : 1 - (front * betaFraction(b, a, 1 - x)) / b;
}

/** Upper tail of Student's t with `df` degrees of freedom: P(T > t). */
export function tSf(t: number, df: number): number {
  if (Number.isNaN(t)) return NaN;
  if (!Number.isFinite(t)) return t > 0 ? 0 : 1;
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? tail : 1 - tail;
}

export const tCdf = (t: number, df: number) => 1 - tSf(t, df);

/** The p-quantile of Student's t (scipy.stats.t.ppf): bisection to bracket, then Newton on the CDF. */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  if (p < 0.5) return -tQuantile(1 - p, df);
  let lo = 0,
    hi = 1;
  while (tCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 60 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  let t = (lo + hi) / 2;
  const logC = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  for (let i = 0; i < 3; i++) t -= (tCdf(t, df) - p) / Math.exp(logC - ((df + 1) / 2) * Math.log1p((t * t) / df));
  return t;
}

/** Regularised upper incomplete gamma Q(a, x): series below a + 1, continued fraction above. */
function upperGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  const lead = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let sum = 1 / a,
      term = sum;
    for (let n = 1; n < 1000 && Math.abs(term) > Math.abs(sum) * 1e-17; n++) sum += term *= x / (a + n);
    return 1 - sum * Math.exp(lead);
  }
  const tiny = 1e-300;
  let b = x + 1 - a,
    c = 1 / tiny,
    d = 1 / b,
    h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    h *= d * c;
    if (Math.abs(d * c - 1) < 1e-16) break;
  }
  return Math.exp(lead) * h;
}

/** Upper tail of the standard normal: P(Z > z) = erfc(z / √2) / 2, erfc(x) = Q(1/2, x²). */
export function normalSf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const q = 0.5 * upperGamma(0.5, (z * z) / 2);
  return z >= 0 ? q : 1 - q;
}

// ——— tests ———

export interface PairedT {
  n: number;
  /** Mean of a − b. */
  meanDiff: number;
  /** 95 % t interval of the mean difference. */
  ciLow: number;
  ciHigh: number;
  t: number;
  /** Two-sided; NaN when every difference is equal to zero (nothing to test). */
  p: number;
}

/** scipy.stats.ttest_rel(a, b) with the mean difference and its t interval. */
export function pairedT(a: readonly number[], b: readonly number[], level = 0.95): PairedT {
  if (a.length !== b.length) throw new Error('paired samples differ in length');
  const n = a.length;
  const d = a.map((v, i) => v - b[i]);
  const meanDiff = d.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return { n, meanDiff, ciLow: NaN, ciHigh: NaN, t: NaN, p: NaN };
  const sd = Math.sqrt(d.reduce((s, v) => s + (v - meanDiff) ** 2, 0) / (n - 1));
  const se = sd / Math.sqrt(n);
  const half = tQuantile(0.5 + level / 2, n - 1) * se;
  // Constant differences: t = ±∞ (p = 0) as in SciPy, or 0/0 = NaN when they are all zero.
  const t = se === 0 ? (meanDiff === 0 ? NaN : Math.sign(meanDiff) * Infinity) : meanDiff / se;
  return { n, meanDiff, ciLow: meanDiff - half, ciHigh: meanDiff + half, t, p: Math.min(1, 2 * tSf(Math.abs(t), n - 1)) };
}

/** Mid-ranks of values (1-based), as scipy.stats.rankdata's 'average'. */
function midRanks(values: readonly number[]): { ranks: number[]; tieSizes: number[] } {
  const order = values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
  const ranks = new Array<number>(values.length);
  const tieSizes: number[] = [];
  for (let s = 0; s < order.length;) {
    let e = s + 1;
    while (e < order.length && values[order[e]] === values[order[s]]) e++;
    for (let k = s; k < e; k++) ranks[order[k]] = (s + 1 + e) / 2;
    if (e - s > 1) tieSizes.push(e - s);
    s = e;
  }
  return { ranks, tieSizes };
}

/** P(R₊ = r) for r = 0 … n(n+1)/2 under the null: SciPy's _get_wilcoxon_distr. */
export function wilcoxonNullDistribution(n: number): Float64Array {
  let c = Float64Array.of(1);
  for (let k = 1; k <= n; k++) {
    const next = new Float64Array((k * (k + 1)) / 2 + 1);
    const m = c.length;
    for (let i = 0; i < m; i++) {
      next[i] += c[i] * 0.5;
      next[next.length - m + i] += c[i] * 0.5;
    }
    c = next;
  }
  return c;
}

export interface Wilcoxon {
  /** min(r₊, r₋). */
  statistic: number;
  p: number;
  method: 'exact' | 'approx';
  /** Differences that were not zero (the ones ranked). */
  nonZero: number;
}

/** scipy.stats.wilcoxon(a, b) with its defaults (see the module comment); NaN where SciPy raises (every difference zero). */
export function wilcoxon(a: readonly number[], b: readonly number[]): Wilcoxon {
  if (a.length !== b.length) throw new Error('paired samples differ in length');
  const all = a.map((v, i) => v - b[i]);
  const hasZero = all.some((v) => v === 0);
  const method = all.length <= 50 && !hasZero ? 'exact' : 'approx';
  const d = all.filter((v) => v !== 0);
  if (d.length === 0) return { statistic: NaN, p: NaN, method, nonZero: 0 };
  const { ranks, tieSizes } = midRanks(d.map(Math.abs));
  let rPlus = 0,
    rMinus = 0;
  d.forEach((v, i) => (v > 0 ? (rPlus += ranks[i]) : (rMinus += ranks[i])));
  const statistic = Math.min(rPlus, rMinus);
  const n = d.length;
  if (method === 'exact') {
    const pmf = wilcoxonNullDistribution(n);
    const r = Math.trunc(rPlus);
    if (r === (pmf.length - 1) >> 1) return { statistic, p: 1, method, nonZero: n };
    let less = 0,
      greater = 0;
    for (let i = 0; i < pmf.length; i++) {
      if (i <= r) less += pmf[i];
      if (i >= r) greater += pmf[i];
    }
    return { statistic, p: Math.min(1, Math.max(0, 2 * Math.min(less, greater))), method, nonZero: n };
  }
  const mean = (n * (n + 1)) / 4;
  let variance = n * (n + 1) * (2 * n + 1);
  for (const t of tieSizes) variance -= 0.5 * t * (t * t - 1);
  const z = (statistic - mean) / Math.sqrt(variance / 24);
  return { statistic, p: 2 * normalSf(Math.abs(z)), method, nonZero: n };
}

/** Holm's step-down adjusted p-values, in input order; NaN entries stay NaN and do not count in m. */
export function holm(p: readonly number[]): number[] {
  const idx = p
    .map((_, i) => i)
    .filter((i) => !Number.isNaN(p[i]))
    .sort((i, j) => p[i] - p[j]);
  const m = idx.length;
  const out = p.map(() => NaN);
  let running = 0;
  idx.forEach((i, k) => {
    running = Math.max(running, Math.min(1, (m - k) * p[i]));
    out[i] = running;
  });
  return out;
}
