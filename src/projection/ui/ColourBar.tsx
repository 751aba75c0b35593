import { colormapLut } from '../../preprocessing/lib/colourMaps';

const gradient = (() => {
  const lut = colormapLut('viridis');
  const stops = Array.from({ length: 9 }, (_, i) => {
    const k = 3 * Math.round((255 * i) / 8);
    return `rgb(${lut[k]},${lut[k + 1]},${lut[k + 2]}) ${(i / 8) * 100}%`;
  });
  return `linear-gradient(to right, ${stops.join(', ')})`;
})();

const fmt = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-2 && v !== 0) ? v.toExponential(2) : String(Math.round(v * 1000) / 1000));

/** Scores named by what they measure. */
const TITLES: Record<string, string> = {
  disagreement: 'neighbour disagreement (1 − Jaccard)',
  invariance: 'orientation invariance (mean cosine to the turned copies)',
};

/** Legend of a continuous colour scale: the viridis bar with its range, and how many points have no value. */
export function ColourBar({ label, min, max, missing }: { label: string; min: number; max: number; missing: number }) {
  return (
    <div className="colour-bar" data-testid="colour-bar" aria-label={`${label}: ${fmt(min)} to ${fmt(max)}`}>
      <div className="small">{TITLES[label] ?? label.replace(/^(meta|fits|sky):/, '')}</div>
      <div className="bar" style={{ background: gradient }} />
      <div className="bar-labels small">
        <span>{fmt(min)}</span>
        <span>{fmt(max)}</span>
      </div>
      {missing > 0 && (
        <div className="muted small">
          {missing} {label === 'invariance' ? 'outside the sample, or not measured' : 'without a value'} (grey)
        </div>
      )}
    </div>
  );
}
