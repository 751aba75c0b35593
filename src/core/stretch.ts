/**
 * Display/model stretch for float images (FITS): an interval maps data to [0, 1], then a stretch
 * reshapes it. Definitions follow astropy.visualization (PercentileInterval with numpy's linear
 * percentile, AsinhStretch(a) = asinh(x/a) / asinh(1/a)) so numbers can be checked against it.
 */
export interface StretchParams {
  interval: { kind: 'percentile'; lower: number; upper: number } | { kind: 'minmax' };
  stretch: { kind: 'linear' } | { kind: 'asinh'; a: number } | { kind: 'sqrt' };
}

/** Suits both radio (faint extended emission on noise) and optical cutouts. */
export const DEFAULT_STRETCH: StretchParams = {
  interval: { kind: 'percentile', lower: 0.5, upper: 99.9 },
  stretch: { kind: 'asinh', a: 0.1 },
};

/** numpy.percentile(…, method='linear') over the finite values. */
export function percentiles(data: ArrayLike<number>, ps: readonly number[]): number[] {
  const all = new Float64Array(data.length);
  let n = 0;
  for (let i = 0; i < data.length; i++) if (Number.isFinite(data[i])) all[n++] = data[i];
  if (n === 0) return ps.map(() => NaN);
  const finite = all.subarray(0, n).sort();
  return ps.map((p) => {
    const pos = (p / 100) * (finite.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, finite.length - 1);
    return finite[lo] + (pos - lo) * (finite[hi] - finite[lo]);
  });
}

export function intervalLimits(data: ArrayLike<number>, interval: StretchParams['interval']): [number, number] {
  if (interval.kind === 'percentile') {
    const [lo, hi] = percentiles(data, [interval.lower, interval.upper]);
    return [lo, hi];
  }
  const [lo, hi] = percentiles(data, [0, 100]);
  return [lo, hi];
}

export function stretchValue(x: number, stretch: StretchParams['stretch']): number {
  switch (stretch.kind) {
    case 'linear': return x;
    case 'sqrt': return Math.sqrt(x);
    case 'asinh': return Math.asinh(x / stretch.a) / Math.asinh(1 / stretch.a);
  }
}

/**
 * Float image → [0, 1] with the given interval (values outside are clipped) and stretch.
 * Missing values (NaN) become 0. Throws when the image has no finite pixel at all: such an
 * image carries no information.
 */
export function applyStretch(data: Float32Array, params: StretchParams): Float32Array {
  const [lo, hi] = intervalLimits(data, params.interval);
  if (!Number.isFinite(lo)) throw new Error('the image has no finite pixel values (all NaN, Inf or BLANK)');
  const span = hi - lo;
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isFinite(v) || span <= 0) continue;
    out[i] = stretchValue(Math.min(1, Math.max(0, (v - lo) / span)), params.stretch);
  }
  return out;
}

export function stretchToUint8(data: Float32Array, params: StretchParams): Uint8Array {
  const unit = applyStretch(data, params);
  const out = new Uint8Array(unit.length);
  for (let i = 0; i < unit.length; i++) out[i] = Math.round(255 * unit[i]);
  return out;
}
