/**
 * astropy.stats.sigma_clipped_stats(data, sigma, maxiters) with its defaults (median centre,
 * population std): iteratively drop values outside median ± sigma·std until none are dropped.
 */
export interface ClippedStats {
  mean: number;
  median: number;
  std: number;
}

function medianOfSorted(v: Float64Array): number {
  const n = v.length;
  return n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

function meanStd(v: Float64Array): [number, number] {
  let s = 0;
  for (const x of v) s += x;
  const mean = s / v.length;
  let q = 0;
  for (const x of v) q += (x - mean) ** 2;
  return [mean, Math.sqrt(q / v.length)];
}

export function sigmaClippedStats(data: ArrayLike<number>, sigma = 3, maxiters = 5): ClippedStats {
  let kept = Float64Array.from(Array.prototype.filter.call(data, Number.isFinite) as number[]).sort();
  if (kept.length === 0) return { mean: NaN, median: NaN, std: NaN };
  for (let iter = 0; iter < maxiters; iter++) {
    const median = medianOfSorted(kept);
    const [, std] = meanStd(kept);
    const lo = median - sigma * std;
    const hi = median + sigma * std;
    // Sorted, so the survivors are one contiguous run.
    let a = 0,
      b = kept.length;
    while (a < b && kept[a] < lo) a++;
    while (b > a && kept[b - 1] > hi) b--;
    if (a === 0 && b === kept.length) break;
    kept = kept.subarray(a, b);
  }
  const [mean, std] = meanStd(kept);
  return { mean, median: medianOfSorted(kept), std };
}
