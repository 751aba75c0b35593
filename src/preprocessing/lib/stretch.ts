/**
 * Display/model scaling of float images (FITS): an interval maps data to [0, 1] (clipped), then a
 * stretch reshapes it. Definitions follow astropy.visualization, so numbers can be checked against it.
 */
import { intervalLimits, type IntervalSpec } from './interval';

export type StretchSpec =
  | { kind: 'linear' }
  | { kind: 'sqrt' }
  /** LogStretch(a): log(a·x + 1) / log(a + 1). */
  | { kind: 'log'; a: number }
  /** AsinhStretch(a): asinh(x / a) / asinh(1 / a). */
  | { kind: 'asinh'; a: number }
  /** PowerStretch(a): x^a. */
  | { kind: 'power'; a: number }
  /** SinhStretch(a): sinh(x / a) / sinh(1 / a). */
  | { kind: 'sinh'; a: number }
  /** HistEqStretch built on the interval-normalised image itself. */
  | { kind: 'histeq' };

export interface ScaleParams {
  interval: IntervalSpec;
  stretch: StretchSpec;
}

/**
 * Suits both radio (faint extended emission on noise) and optical (sources on sky) cutouts: the
 * median — the background in a cutout mostly of sky — maps to black, so noise does not fill the frame.
 */
export const DEFAULT_SCALE: ScaleParams = {
  interval: { kind: 'asymmetric', lower: 50, upper: 99.99 },
  stretch: { kind: 'asinh', a: 0.1 },
};

export const STRETCH_DEFAULTS: Record<StretchSpec['kind'], StretchSpec> = {
  linear: { kind: 'linear' },
  sqrt: { kind: 'sqrt' },
  log: { kind: 'log', a: 1000 },
  asinh: { kind: 'asinh', a: 0.1 },
  power: { kind: 'power', a: 1 },
  sinh: { kind: 'sinh', a: 1 / 3 },
  histeq: { kind: 'histeq' },
};

/** x ∈ [0, 1] → [0, 1] for the closed-form stretches. */
export function stretchValue(x: number, stretch: Exclude<StretchSpec, { kind: 'histeq' }>): number {
  switch (stretch.kind) {
    case 'linear':
      return x;
    case 'sqrt':
      return Math.sqrt(x);
    case 'log':
      return Math.log(stretch.a * x + 1) / Math.log(stretch.a + 1);
    case 'asinh':
      return Math.asinh(x / stretch.a) / Math.asinh(1 / stretch.a);
    case 'power':
      return x ** stretch.a;
    case 'sinh':
      return Math.sinh(x / stretch.a) / Math.sinh(1 / stretch.a);
  }
}

/** astropy HistEqStretch: np.interp(x, sorted normalised data, linspace(0, 1, n)). */
function histEq(values: Float32Array): Float32Array {
  // Normalised in float32 arithmetic, as astropy does on float32 images.
  const sorted = values.filter(Number.isFinite).sort();
  const n = sorted.length;
  const out = new Float32Array(values.length);
  if (n === 0) return out;
  const lo = sorted[0];
  const span = Math.fround(sorted[n - 1] - lo);
  for (let i = 0; i < n; i++) sorted[i] = Math.fround(sorted[i] - lo) / span;
  const fp = (j: number) => (n === 1 ? 0 : j / (n - 1));
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!Number.isFinite(x)) continue;
    if (x < sorted[0]) {
      out[i] = fp(0);
      continue;
    }
    // j = last index with sorted[j] <= x (numpy's interp picks the end of a run of ties).
    let a = 0,
      b = n;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (sorted[m] <= x) a = m + 1;
      else b = m;
    }
    const j = a - 1;
    out[i] = j >= n - 1 || sorted[j] === x ? fp(j) : fp(j) + ((x - sorted[j]) * (fp(j + 1) - fp(j))) / (sorted[j + 1] - sorted[j]);
  }
  return out;
}

/**
 * Float image → [0, 1]: interval (clipped) then stretch. Missing values (NaN) become 0. Throws when
 * the image has no finite pixel at all: such an image carries no information.
 */
export function applyScale(data: Float32Array, params: ScaleParams): Float32Array {
  const [lo, hi] = intervalLimits(data, params.interval);
  if (!Number.isFinite(lo)) throw new Error('the image has no finite pixel values (all NaN, Inf or BLANK)');
  // Float32 arithmetic, as numpy does when astropy scales a float32 image by scalar limits.
  const lo32 = Math.fround(lo);
  const span = Math.fround(hi - lo);
  const unit = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    const shifted = Math.fround(v - lo32);
    // astropy leaves the values unscaled when vmax == vmin, then clips.
    unit[i] = Number.isFinite(v) ? Math.min(1, Math.max(0, span !== 0 ? shifted / span : shifted)) : NaN;
  }
  const { stretch } = params;
  const out = stretch.kind === 'histeq' ? histEq(unit) : unit.map((x) => (Number.isFinite(x) ? stretchValue(x, stretch) : NaN));
  for (let i = 0; i < out.length; i++) if (!Number.isFinite(out[i])) out[i] = 0;
  return out;
}
