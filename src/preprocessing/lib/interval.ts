/**
 * Intervals map data values to [0, 1] before a stretch. Each follows astropy.visualization's class
 * of the same name exactly (same sampling, same percentile method), so limits can be checked
 * against astropy to 1e-5.
 */
export type IntervalSpec =
  | { kind: 'minmax' }
  /** PercentileInterval(percent): keeps the central `percent` % of values. */
  | { kind: 'percentile'; percent: number }
  /** AsymmetricPercentileInterval(lower, upper). */
  | { kind: 'asymmetric'; lower: number; upper: number }
  /** ZScaleInterval() with its defaults: the IRAF/DS9 zscale. */
  | { kind: 'zscale' };

/** Finite values, in array order. */
function finiteValues(data: ArrayLike<number>): Float64Array {
  const out = new Float64Array(data.length);
  let n = 0;
  for (let i = 0; i < data.length; i++) if (Number.isFinite(data[i])) out[n++] = data[i];
  return out.subarray(0, n);
}

/** numpy.percentile(…, method='linear') of already sorted values. */
function sortedPercentile(sorted: Float64Array, p: number): number {
  const pos = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

export function percentiles(data: ArrayLike<number>, ps: readonly number[]): number[] {
  const sorted = finiteValues(data).sort();
  return ps.map((p) => (sorted.length ? sortedPercentile(sorted, p) : NaN));
}

/** astropy ZScaleInterval.get_limits with n_samples=1000, contrast=0.25, max_reject=0.5, min_npixels=5, krej=2.5, max_iterations=5. */
export function zscaleLimits(data: ArrayLike<number>): [number, number] {
  const nSamples = 1000,
    contrast = 0.25,
    maxReject = 0.5,
    minNpixels = 5,
    krej = 2.5,
    maxIterations = 5;
  const values = finiteValues(data);
  if (values.length === 0) return [NaN, NaN];
  const stride = Math.max(1, Math.floor(values.length / nSamples));
  const picked: number[] = [];
  for (let i = 0; i < values.length && picked.length < nSamples; i += stride) picked.push(values[i]);
  const samples = Float64Array.from(picked).sort();
  const npix = samples.length;
  let vmin = samples[0];
  let vmax = samples[npix - 1];
  const minpix = Math.max(minNpixels, Math.floor(npix * maxReject));
  const ngrow = Math.max(1, Math.floor(npix * 0.01));
  let bad = new Uint8Array(npix);
  let ngood = npix;
  let lastNgood = npix + 1;
  let slope = 0;
  for (let iter = 0; iter < maxIterations; iter++) {
    if (ngood >= lastNgood || ngood < minpix) break;
    // Least-squares line through the good samples (np.polyfit with 0/1 weights).
    let sw = 0,
      sx = 0,
      sy = 0,
      sxx = 0,
      sxy = 0;
    for (let i = 0; i < npix; i++) {
      if (bad[i]) continue;
      sw++;
      sx += i;
      sy += samples[i];
      sxx += i * i;
      sxy += i * samples[i];
    }
    slope = (sw * sxy - sx * sy) / (sw * sxx - sx * sx);
    const intercept = (sy - slope * sx) / sw;
    // Population std of the residuals of good samples.
    const flat = samples.map((v, i) => v - (slope * i + intercept));
    let mean = 0;
    for (let i = 0; i < npix; i++) if (!bad[i]) mean += flat[i];
    mean /= ngood;
    let variance = 0;
    for (let i = 0; i < npix; i++) if (!bad[i]) variance += (flat[i] - mean) ** 2;
    const threshold = krej * Math.sqrt(variance / ngood);
    for (let i = 0; i < npix; i++) if (flat[i] < -threshold || flat[i] > threshold) bad[i] = 1;
    // Grow rejected runs by ngrow, as np.convolve(badpix, ones(ngrow), mode='same').
    const grown = new Uint8Array(npix);
    const left = ngrow - 1 - Math.floor((ngrow - 1) / 2);
    const right = Math.floor((ngrow - 1) / 2);
    for (let i = 0; i < npix; i++) {
      if (!bad[i]) continue;
      for (let j = Math.max(0, i - right); j <= Math.min(npix - 1, i + left); j++) grown[j] = 1;
    }
    bad = grown;
    lastNgood = ngood;
    ngood = npix - bad.reduce((a, b) => a + b, 0);
  }
  if (ngood >= minpix) {
    if (contrast > 0) slope /= contrast;
    const centre = Math.floor((npix - 1) / 2);
    const median = npix % 2 ? samples[(npix - 1) / 2] : (samples[npix / 2 - 1] + samples[npix / 2]) / 2;
    vmin = Math.max(vmin, median - (centre - 1) * slope);
    vmax = Math.min(vmax, median + (npix - centre) * slope);
  }
  return [vmin, vmax];
}

export function intervalLimits(data: ArrayLike<number>, interval: IntervalSpec): [number, number] {
  switch (interval.kind) {
    case 'minmax': {
      const [lo, hi] = percentiles(data, [0, 100]);
      return [lo, hi];
    }
    case 'percentile': {
      const tail = (100 - interval.percent) / 2;
      const [lo, hi] = percentiles(data, [tail, 100 - tail]);
      return [lo, hi];
    }
    case 'asymmetric': {
      const [lo, hi] = percentiles(data, [interval.lower, interval.upper]);
      return [lo, hi];
    }
    case 'zscale':
      return zscaleLimits(data);
  }
}
