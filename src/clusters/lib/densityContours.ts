/**
 * Density contours of a 2-D layout: a Gaussian kernel density estimate on a grid (d3-contour's
 * contourDensity: points binned bilinearly, then a box blur that approximates the Gaussian),
 * traced by marching squares at fixed fractions of the peak density, returned as closed rings in
 * the layout's own coordinates, ready to draw as lines over the points.
 */
import { contourDensity, type ContourMultiPolygon } from 'd3-contour';

/** d3-contour 4's `density.contours(data)`: the contour at any threshold and the peak density (@types/d3-contour 3 predates it). */
type DensityContours = { contours(data: number[]): ((threshold: number) => ContourMultiPolygon) & { max: number } };

/** Contour levels as fractions of the peak density, from the outermost in. */
export const CONTOUR_LEVELS = [0.1, 0.25, 0.45, 0.7] as const;

export interface ContourRing {
  /** Index into CONTOUR_LEVELS. */
  level: number;
  /** Closed ring [x0, y0, x1, y1, …] in layout coordinates (first point repeated last). */
  path: Float64Array;
}

/** The density grid's longer side, in cells. */
const GRID = 256;

/**
 * Contours of the density of `coords` ([x0, y0, x1, y1, …]). The bandwidth defaults to half of
 * Scott's rule (σ · n^(−1/6), σ the mean of the two coordinates' standard deviations): Scott's rule
 * assumes one Gaussian blob and blurs the separate islands of a UMAP layout into one.
 */
export function densityContours(coords: ArrayLike<number>, options: { bandwidth?: number } = {}): ContourRing[] {
  const n = coords.length / 2;
  if (n < 3) return [];
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  let [sx, sy, sxx, syy] = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const [x, y] = [coords[2 * i], coords[2 * i + 1]];
    [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
    [sx, sy, sxx, syy] = [sx + x, sy + y, sxx + x * x, syy + y * y];
  }
  const sigma = (Math.sqrt(Math.max(0, sxx / n - (sx / n) ** 2)) + Math.sqrt(Math.max(0, syy / n - (sy / n) ** 2))) / 2;
  const bandwidth = options.bandwidth ?? 0.5 * sigma * n ** (-1 / 6);
  const extent = Math.max(maxX - minX, maxY - minY);
  if (!(extent > 0 && bandwidth > 0)) return [];
  // Layout units → grid pixels; d3 pads the grid by three bandwidths itself.
  const scale = GRID / extent;
  const estimator = contourDensity<number>()
    .x((i) => (coords[2 * i] - minX) * scale)
    .y((i) => (coords[2 * i + 1] - minY) * scale)
    .size([Math.ceil((maxX - minX) * scale) + 1, Math.ceil((maxY - minY) * scale) + 1])
    .cellSize(2)
    .bandwidth(bandwidth * scale) as unknown as DensityContours;
  const density = estimator.contours(Array.from({ length: n }, (_, i) => i));
  const peak = density.max;
  return CONTOUR_LEVELS.flatMap((fraction, level) =>
    density(fraction * peak).coordinates.flatMap((polygon) =>
      polygon.map((ring) => ({ level, path: Float64Array.from(ring.flatMap(([x, y]) => [x / scale + minX, y / scale + minY])) })),
    ),
  );
}
