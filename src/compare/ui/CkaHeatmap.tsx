import * as Plot from '@observablehq/plot';
import { useState } from 'react';
import type { PipelinePair } from '../lib/compare';
import { PlotFigure, PLOT_STYLE as STYLE } from '../../shared/ui/PlotFigure';

const short = (s: string) => (s.length > 18 ? `${s.slice(0, 17)}…` : s);

/**
 * Do two models see the same thing? Linear CKA between every pair of pipelines on the measured
 * images, as a symmetric heatmap (1 on the diagonal); debiased CKA is one click away.
 */
export function CkaHeatmap({ pipelines, pairs }: { pipelines: { id: string; title: string }[]; pairs: PipelinePair[] }) {
  const [debiased, setDebiased] = useState(false);
  const titles = pipelines.map((p) => p.title);
  const value = (a: string, b: string) => {
    if (a === b) return 1;
    const pair = pairs.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a));
    return pair ? (debiased ? pair.ckaDebiased : pair.cka) : NaN;
  };
  const cells = pipelines.flatMap((a) => pipelines.map((b) => ({ row: a.title, col: b.title, v: value(a.id, b.id) })));
  const label = debiased ? 'debiased linear CKA' : 'linear CKA';
  return (
    <div data-testid="cka">
      <label className="field inline-select small"><span>Representation similarity</span>
        <select value={debiased ? 'debiased' : 'plain'} onChange={(e) => setDebiased(e.target.value === 'debiased')} data-testid="cka-kind">
          <option value="plain">linear CKA</option>
          <option value="debiased">debiased CKA (unbiased HSIC)</option>
        </select>
      </label>
      <PlotFigure
        testId="cka-heatmap"
        fileName={debiased ? 'cka-debiased' : 'cka'}
        deps={[pipelines, pairs, debiased]}
        render={() => Plot.plot({
          width: 130 + 64 * titles.length, height: 100 + 40 * titles.length, marginLeft: 120, marginBottom: 70, style: STYLE,
          x: { domain: titles, label: null, tickRotate: -25, tickFormat: short },
          y: { domain: titles, label: null, tickFormat: short },
          color: { scheme: 'viridis', domain: [debiased ? Math.min(0, ...cells.map((c) => c.v).filter(Number.isFinite)) : 0, 1], legend: true, label },
          marks: [
            Plot.cell(cells, { x: 'col', y: 'row', fill: 'v', inset: 0.5, title: (d: (typeof cells)[number]) => `${d.row}\n${d.col}\n${label} ${Number.isFinite(d.v) ? d.v.toFixed(3) : '–'}` }),
            Plot.text(cells, { x: 'col', y: 'row', text: (d: (typeof cells)[number]) => (Number.isFinite(d.v) ? d.v.toFixed(2) : '–'), fill: (d: (typeof cells)[number]) => (d.v > 0.6 ? 'black' : 'white') }),
          ],
        })}
      />
    </div>
  );
}
