import * as Plot from '@observablehq/plot';
import { useState } from 'react';
import type { PipelinePair } from '../lib/compare';
import { PlotFigure, PLOT_STYLE as STYLE } from '../../shared/ui/PlotFigure';

/**
 * Do two models see the same thing? Linear CKA between every pair of pipelines on the measured
 * images, as a symmetric heatmap (1 on the diagonal); debiased CKA is one click away.
 */
export function CkaHeatmap({ pipelines, pairs }: { pipelines: { id: string; title: string }[]; pairs: PipelinePair[] }) {
  const [debiased, setDebiased] = useState(false);
  // Pipelines of one model share a long title prefix: the axes show numbers, the key below the titles.
  const titles = pipelines.map((_, i) => String(i + 1));
  const value = (a: string, b: string) => {
    if (a === b) return 1;
    const pair = pairs.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a));
    return pair ? (debiased ? pair.ckaDebiased : pair.cka) : NaN;
  };
  const cells = pipelines.flatMap((a, i) =>
    pipelines.map((b, j) => ({ row: titles[i], col: titles[j], rowTitle: a.title, colTitle: b.title, v: value(a.id, b.id) })),
  );
  const label = debiased ? 'debiased linear CKA' : 'linear CKA';
  return (
    <div data-testid="cka">
      <label className="field inline-select small">
        <span>Representation similarity</span>
        <select value={debiased ? 'debiased' : 'plain'} onChange={(e) => setDebiased(e.target.value === 'debiased')} data-testid="cka-kind">
          <option value="plain">linear CKA</option>
          <option value="debiased">debiased CKA (unbiased HSIC)</option>
        </select>
      </label>
      <PlotFigure
        testId="cka-heatmap"
        fileName={debiased ? 'cka-debiased' : 'cka'}
        deps={[pipelines, pairs, debiased]}
        render={() =>
          Plot.plot({
            width: Math.max(260, 80 + 56 * titles.length),
            height: 110 + 40 * titles.length,
            marginLeft: 40,
            marginBottom: 36,
            style: STYLE,
            x: { domain: titles, label: null },
            y: { domain: titles, label: null },
            color: { scheme: 'viridis', domain: [debiased ? Math.min(0, ...cells.map((c) => c.v).filter(Number.isFinite)) : 0, 1], legend: true, label },
            marks: [
              Plot.cell(cells, {
                x: 'col',
                y: 'row',
                fill: 'v',
                inset: 0.5,
                title: (d: (typeof cells)[number]) => `${d.rowTitle}\n${d.colTitle}\n${label} ${Number.isFinite(d.v) ? d.v.toFixed(3) : '–'}`,
              }),
              Plot.text(cells, {
                x: 'col',
                y: 'row',
                text: (d: (typeof cells)[number]) => (Number.isFinite(d.v) ? d.v.toFixed(2) : '–'),
                fill: (d: (typeof cells)[number]) => (d.v > 0.6 ? 'black' : 'white'),
              }),
            ],
          })
        }
      />
      <ol className="small muted chart-key">
        {pipelines.map((p) => (
          <li key={p.id}>{p.title}</li>
        ))}
      </ol>
    </div>
  );
}
