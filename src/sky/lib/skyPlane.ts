import type { SkyPosition } from './skyLinks';

/**
 * The sky drawn flat for a scatter plot: x = −RA so that RA increases to the left (east left,
 * as on the sky seen from inside), y = −Dec because the plot's y axis points down, so north is
 * up. RA, Dec in degrees (a plate carrée: no projection, right for the few-degree to all-sky
 * spreads of a cutout set; RA spacing is not scaled by cos Dec).
 *
 * RA wraps at 0°/360°: the plot cuts the circle at the widest RA interval that holds no image, so
 * a field straddling RA 0° (359.9° and 0.1°) stays together rather than at opposite edges.
 */
export interface SkyPlane {
  /** x, y per position, interleaved. */
  coords: Float32Array;
  /** RAs below this (degrees) were moved up by 360° to keep the field together; 0: none. */
  wrapBelow: number;
}

export function skyPlane(positions: readonly SkyPosition[]): SkyPlane {
  const ras = positions.map((p) => ((p.ra % 360) + 360) % 360);
  const wrapBelow = cutBelow([...ras].sort((a, b) => a - b));
  const coords = new Float32Array(2 * positions.length);
  positions.forEach((p, i) => {
    coords[2 * i] = -(ras[i] < wrapBelow ? ras[i] + 360 : ras[i]);
    coords[2 * i + 1] = -p.dec;
  });
  return { coords, wrapBelow };
}

/** The RA at the end of the widest empty interval, when that interval is not the one across 0°. */
function cutBelow(sorted: readonly number[]): number {
  if (sorted.length < 2) return 0;
  let widest = 360 - sorted.at(-1)! + sorted[0];
  let cut = 0;
  for (let i = 1; i < sorted.length; i++) {
    const gap = sorted[i] - sorted[i - 1];
    if (gap > widest) {
      widest = gap;
      cut = sorted[i];
    }
  }
  return cut;
}

/** Plot x → RA in [0, 360). */
export const raOfX = (x: number): number => ((-x % 360) + 360) % 360;
/** Plot y → Dec. */
export const decOfY = (y: number): number => -y;

/** Round tick values (1, 2 or 5 × 10^k apart) covering [min, max], about `target` of them. */
export function niceTicks(min: number, max: number, target: number): number[] {
  if (!(max > min) || !Number.isFinite(min) || !Number.isFinite(max)) return [];
  const raw = (max - min) / Math.max(1, target);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toFixed(12)));
  return ticks;
}

/** A tick's label: no more decimals than the step between ticks needs. */
export function tickLabel(value: number, step: number): string {
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return value.toFixed(decimals);
}
