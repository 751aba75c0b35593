import { CONTOUR_LEVELS } from '../lib/densityContours';
import { useStore } from '../../state/store';

/** The legend entry of the density contours, while they are shown. */
export function ContourLegend() {
  const on = useStore((s) => s.showContours);
  if (!on) return null;
  return (
    <div
      className="contour-legend small"
      data-testid="contour-legend"
      title="Kernel density of the points in this layout (Gaussian kernel, half of Scott's bandwidth)"
    >
      <span className="contour-swatch" aria-hidden />
      density: {CONTOUR_LEVELS.map((l) => `${Math.round(100 * l)}`).join(', ')} % of peak
    </div>
  );
}
