/**
 * Astronomy presets that replace the generic interval + stretch.
 * - Radio: the MiraBest recipe (Porter & Scaife; fmporter/MiraBest_builder): NaN → 0, pixels at or
 *   below 3σ (astropy sigma-clipped std) zeroed, central crop, circular mask, min–max over the mask.
 * - Optical: Lupton et al. (2004) asinh colour mapping of three bands, as astropy's make_lupton_rgb.
 */
import { percentiles } from './interval';
import { sigmaClippedStats } from './sigmaClip';

export interface RadioPreset {
  kind: 'radio-mirabest';
  /** Pixels ≤ sigma × (clipped std) are set to 0. MiraBest: 3. */
  sigma: number;
  /** Side of the central crop as a fraction of the image side. MiraBest: 0.5 (300 → 150 px). */
  cropFraction: number;
}

export interface LuptonPreset {
  kind: 'optical-lupton';
  /** Asinh softening. astropy default: 8. */
  Q: number;
  /** The linear range ("stretch") is this percentile of the background-subtracted intensity. */
  stretchPercentile: number;
}

export type Preset = { kind: 'none' } | RadioPreset | LuptonPreset;

export const PRESET_DEFAULTS = {
  none: { kind: 'none' },
  'radio-mirabest': { kind: 'radio-mirabest', sigma: 3, cropFraction: 0.5 },
  'optical-lupton': { kind: 'optical-lupton', Q: 8, stretchPercentile: 99.5 },
} as const satisfies Record<Preset['kind'], Preset>;

/**
 * MiraBest recipe on one band (FITS order, width × height). Returns the side × side 8-bit image:
 * float32 arithmetic and truncation, as numpy and PIL do in the original recipe.
 */
export function radioMiraBest(data: Float32Array, width: number, height: number, preset: RadioPreset): { pixels: Uint8Array; width: number; height: number } {
  const clean = data.map((v) => (Number.isFinite(v) ? v : 0));
  const { std } = sigmaClippedStats(clean);
  const threshold = preset.sigma * std;
  const side = Math.max(1, Math.round(Math.min(width, height) * preset.cropFraction));
  const x0 = Math.floor((width - side) / 2);
  const y0 = Math.floor((height - side) / 2);
  const centre = side / 2;
  const inMask = new Uint8Array(side * side);
  const kept = new Float32Array(side * side);
  let lo = Infinity,
    hi = -Infinity;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      if ((x - centre) ** 2 + (y - centre) ** 2 > centre ** 2) continue;
      const v = clean[(y0 + y) * width + x0 + x];
      const k = v <= threshold ? 0 : v;
      inMask[y * side + x] = 1;
      kept[y * side + x] = k;
      lo = Math.min(lo, k);
      hi = Math.max(hi, k);
    }
  }
  const span = Math.fround(hi - lo);
  const pixels = new Uint8Array(side * side);
  for (let i = 0; i < pixels.length; i++) {
    if (inMask[i] && span > 0) pixels[i] = Math.floor(Math.fround(Math.fround(Math.fround(kept[i] - lo) / span) * 255));
  }
  return { pixels, width: side, height: side };
}

/**
 * astropy make_lupton_rgb(r, g, b, minimum, stretch, Q) as three 8-bit planes (before any flip).
 * `minimum` per band; values are truncated to uint8 as astropy does.
 */
export function luptonRgb(bands: [Float32Array, Float32Array, Float32Array], minimum: [number, number, number], stretch: number, Q: number): Uint8Array[] {
  const q = Math.abs(Q) < 2 ** -23 ? 0.1 : Math.min(Q, 1e10);
  const slope = (0.1 * 255) / Math.asinh(0.1 * q);
  const soften = q / stretch;
  const n = bands[0].length;
  const out = [new Uint8Array(n), new Uint8Array(n), new Uint8Array(n)];
  for (let i = 0; i < n; i++) {
    const c = bands.map((b, k) => b[i] - minimum[k]);
    const intensity = (c[0] + c[1] + c[2]) / 3;
    const fac = intensity <= 0 || !Number.isFinite(intensity) ? 0 : (Math.asinh(intensity * soften) * slope) / intensity;
    const [r, g, b] = c.map((v) => Math.max(0, v * fac));
    // Keep colours: scale all bands down by the brightest one when it saturates.
    const max = r > g ? (r > b ? r : b) : g > b ? g : b;
    [r, g, b].forEach((v, k) => {
      out[k][i] = Math.min(255, Math.trunc(max >= 255 ? (v * 255) / max : v));
    });
  }
  return out;
}

/** Lupton parameters from the data: per-band median as the background, a percentile of the intensity as the stretch. */
export function luptonFromData(bands: [Float32Array, Float32Array, Float32Array], preset: LuptonPreset): Uint8Array[] {
  const minimum = bands.map((b) => percentiles(b, [50])[0]) as [number, number, number];
  const intensity = bands[0].map((_, i) => (bands[0][i] - minimum[0] + bands[1][i] - minimum[1] + bands[2][i] - minimum[2]) / 3);
  const stretch = percentiles(intensity, [preset.stretchPercentile])[0];
  return luptonRgb(bands, minimum, stretch > 0 ? stretch : 1, preset.Q);
}
