import * as Plot from '@observablehq/plot';
import type { Head, ProbeResult } from '../lib/probe';
import { PlotFigure, PLOT_STYLE as STYLE } from '../../shared/ui/PlotFigure';

export interface PipelineSeries {
  id: string;
  title: string;
  results: ProbeResult[];
}

/** One result as the charts plot it: mean macro-F1 with a ±1 std range. */
const f1Row = (pipeline: string, r: ProbeResult) => ({
  pipeline,
  budget: r.budgetLabel,
  mean: r.macroF1Mean,
  lo: r.macroF1Mean - r.macroF1Std,
  hi: r.macroF1Mean + r.macroF1Std,
});

const COLOURS = ['#56b4e9', '#e69f00', '#009e73', '#cc79a7', '#f0e442', '#d55e00', '#0072b2', '#999999'];

/** Macro-F1 against label budget, one line per pipeline with a ±1 std band over seeds. */
export function F1Curve({ series, head }: { series: PipelineSeries[]; head: Head }) {
  const rows = series.flatMap((s) => s.results.filter((r) => r.head === head).map((r, i) => ({ ...f1Row(s.title, r), i })));
  const budgets = series[0]?.results.filter((r) => r.head === head).map((r) => r.budgetLabel) ?? [];
  const domain = series.map((s) => s.title);
  return (
    <PlotFigure
      testId="f1-curve"
      fileName="probe-f1-vs-labels"
      deps={[series, head]}
      render={() =>
        Plot.plot({
          width: 440,
          height: 260,
          marginLeft: 46,
          marginBottom: 36,
          style: STYLE,
          x: { label: 'labelled training images', inset: 28, ticks: budgets.map((_, i) => i), tickFormat: (i: number) => budgets[i] ?? '' },
          y: { label: 'macro-F1', domain: [0, 1], grid: true },
          color: { domain, range: COLOURS, legend: true },
          marks: [
            Plot.areaY(rows, { x: 'i', y1: 'lo', y2: 'hi', fill: 'pipeline', fillOpacity: 0.18 }),
            Plot.lineY(rows, { x: 'i', y: 'mean', stroke: 'pipeline', strokeWidth: 2 }),
            Plot.dot(rows, {
              x: 'i',
              y: 'mean',
              fill: 'pipeline',
              r: 3,
              tip: true,
              title: (d: { pipeline: string; budget: string; mean: number; hi: number }) =>
                `${d.pipeline}\n${d.budget}: ${d.mean.toFixed(3)} ± ${(d.hi - d.mean).toFixed(3)}`,
            }),
          ],
        })
      }
    />
  );
}

/** Macro-F1 per pipeline at one budget, with ±1 std error bars. */
export function F1Bars({ series, head, budget }: { series: PipelineSeries[]; head: Head; budget: string }) {
  const rows = series.flatMap((s) => s.results.filter((r) => r.head === head && r.budgetLabel === budget).map((r) => f1Row(s.title, r)));
  const domain = series.map((s) => s.title);
  return (
    <PlotFigure
      testId="f1-bars"
      fileName="probe-f1-by-model"
      deps={[series, head, budget]}
      render={() =>
        Plot.plot({
          width: 360,
          height: 260,
          marginLeft: 46,
          marginBottom: 36,
          style: STYLE,
          x: { domain, label: null, tickFormat: () => '' },
          y: { label: `macro-F1 at ${budget}`, domain: [0, 1], grid: true },
          color: { domain, range: COLOURS },
          marks: [
            Plot.barY(rows, { x: 'pipeline', y: 'mean', fill: 'pipeline', tip: true }),
            Plot.ruleX(rows, { x: 'pipeline', y1: 'lo', y2: 'hi', stroke: '#e6ebf5' }),
            Plot.text(rows, { x: 'pipeline', y: 'hi', text: (d: { mean: number }) => d.mean.toFixed(2), dy: -8, fill: '#e6ebf5' }),
          ],
        })
      }
    />
  );
}

/** Confusion matrix (summed over seeds), rows normalised to recall, counts written in the cells. */
export function ConfusionHeatmap({ result, classNames }: { result: ProbeResult; classNames: string[] }) {
  const cells = result.confusion.flatMap((row, t) => {
    const total = row.reduce((a, b) => a + b, 0) || 1;
    return row.map((count, p) => ({ truth: classNames[t], predicted: classNames[p], count, share: count / total }));
  });
  return (
    <PlotFigure
      testId="confusion"
      fileName="probe-confusion"
      deps={[result, classNames]}
      render={() =>
        Plot.plot({
          width: 320,
          height: 260,
          marginLeft: 90,
          marginBottom: 50,
          style: STYLE,
          x: { domain: classNames, label: 'predicted', tickRotate: -20 },
          y: { domain: classNames, label: 'true' },
          color: { scheme: 'blues', domain: [0, 1], legend: true, label: 'share of the true class' },
          marks: [
            Plot.cell(cells, { x: 'predicted', y: 'truth', fill: 'share', inset: 0.5 }),
            Plot.text(cells, { x: 'predicted', y: 'truth', text: 'count', fill: (d: { share: number }) => (d.share > 0.5 ? 'white' : 'black') }), // light text on the dark (high-share) cells
          ],
        })
      }
    />
  );
}
