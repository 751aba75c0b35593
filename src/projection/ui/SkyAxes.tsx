import type { OrthoViewState } from '../lib/camera';
import { decOfY, niceTicks, raOfX, tickLabel } from '../../sky/lib/skyPlane';

/**
 * RA and Dec axes in degrees over the sky plot, following its zoom and pan: ticks along the bottom
 * (RA, increasing to the left) and the left edge (Dec, north up). Drawn in SVG over the canvas.
 */
export function SkyAxes({ view, width, height }: { view: OrthoViewState; width: number; height: number }) {
  const scale = 2 ** view.zoom;
  const [tx, ty] = view.target;
  const x0 = tx - width / 2 / scale;
  const y0 = ty - height / 2 / scale;
  const screenX = (x: number) => (x - x0) * scale;
  const screenY = (y: number) => (y - y0) * scale;
  // Ticks in plot units (x = −RA, y = −Dec), labelled in RA and Dec.
  const xs = niceTicks(x0, x0 + width / scale, Math.max(2, Math.floor(width / 90)));
  // Declinations exist only within ±90°, however far the view is zoomed out.
  const ys = niceTicks(y0, y0 + height / scale, Math.max(2, Math.floor(height / 60))).filter((y) => Math.abs(decOfY(y)) <= 90);
  const xStep = xs.length > 1 ? xs[1] - xs[0] : 1;
  const yStep = ys.length > 1 ? ys[1] - ys[0] : 1;
  return (
    <svg className="sky-axes" width={width} height={height} aria-hidden data-testid="sky-axes">
      {xs.map((x) => (
        <g key={`x${x}`} transform={`translate(${screenX(x)},${height})`}>
          <line y1={-6} y2={0} />
          <text y={-9} textAnchor="middle" data-testid="sky-ra-tick">
            {tickLabel(raOfX(x), xStep)}
          </text>
        </g>
      ))}
      {ys.map((y) => (
        <g key={`y${y}`} transform={`translate(0,${screenY(y)})`}>
          <line x1={0} x2={6} />
          <text x={9} dominantBaseline="middle" data-testid="sky-dec-tick">
            {tickLabel(decOfY(y), yStep)}
          </text>
        </g>
      ))}
      <text className="axis-title" x={width / 2} y={height - 24} textAnchor="middle">
        ← RA (°), increasing eastwards · Dec (°) north up
      </text>
      <text className="axis-title" transform={`translate(52,${height / 2}) rotate(-90)`} textAnchor="middle">
        Dec (°)
      </text>
    </svg>
  );
}
