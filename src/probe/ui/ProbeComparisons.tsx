import * as Plot from '@observablehq/plot';
import { formatP, verdict, type ProbeComparison } from '../lib/pipelineComparisons';
import { PlotFigure, PLOT_STYLE as STYLE } from '../../shared/ui/PlotFigure';
import { probeComparisonsCsv } from '../../export/lib/resultTables';
import { csvBlob, saveBlob } from '../../shared/ui/saveFile';

const NOWRAP = { whiteSpace: 'nowrap' } as const;
const signed = (v: number) => (Number.isFinite(v) ? `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(3)}` : '–');

interface Props {
  comparisons: ProbeComparison[];
  /** Pipeline ids in display order, and their titles. */
  order: string[];
  title: (id: string) => string;
  budget: string;
}

/** The table also offers every head and budget's comparisons as CSV. */
type TableProps = Props & { all: ProbeComparison[] };

/** Pair by pair at one head and budget: mean paired difference with its interval, both tests (Holm-corrected) and the verdict. */
export function ComparisonTable({ comparisons, title, budget, all }: TableProps) {
  if (comparisons.length === 0) return null;
  return (
    <table className="probe-table" data-testid="probe-comparisons">
      <caption className="muted small">
        Is one pipeline really better? Macro-F1 differences paired by seed (same split and labels) at {budget}; p-values Holm-corrected over the{' '}
        {comparisons.length} pair{comparisons.length > 1 ? 's' : ''}; verdict by the paired t-test at α = 0.05{' '}
        <button
          className="small-button"
          title="Every pair of pipelines at every head and budget: differences, intervals, raw and Holm-corrected p-values, as CSV"
          onClick={() => saveBlob(csvBlob(probeComparisonsCsv(all, title)), 'latent-sky-probe-paired-tests.csv')}
          data-testid="probe-comparisons-csv"
        >
          CSV
        </button>
      </caption>
      <thead>
        <tr>
          <th>A − B</th>
          <th title="Mean over seeds of macro-F1(A) − macro-F1(B), with its 95 % t interval">mean difference [95 % CI]</th>
          <th title="Paired t-test (scipy.stats.ttest_rel), Holm-corrected">paired t · p (Holm)</th>
          <th title="Wilcoxon signed-rank test (scipy.stats.wilcoxon defaults), Holm-corrected">Wilcoxon · p (Holm)</th>
          <th>verdict</th>
        </tr>
      </thead>
      <tbody>
        {comparisons.map((c) => (
          <tr key={`${c.a}|${c.b}`} data-testid="probe-comparison">
            <th>
              {title(c.a)} − {title(c.b)}
              {c.sameImages ? '' : ' *'}
            </th>
            <td style={NOWRAP}>
              {signed(c.meanDiff)} [{signed(c.ciLow)}, {signed(c.ciHigh)}]
            </td>
            <td style={NOWRAP}>
              t = {Number.isFinite(c.t) ? c.t.toFixed(2) : '–'} · p {formatP(c.pTHolm)}
            </td>
            <td style={NOWRAP} title={c.wilcoxonMethod === 'exact' ? 'exact null distribution' : 'normal approximation (zero differences or n > 50)'}>
              W = {Number.isFinite(c.wilcoxon) ? c.wilcoxon : '–'} · p {formatP(c.pWilcoxonHolm)}
            </td>
            <td className={c.better ? undefined : 'muted'} style={{ textAlign: 'left' }} data-testid="probe-verdict">
              {c.better ? <strong>{verdict(c, title)}</strong> : verdict(c, title)}
            </td>
          </tr>
        ))}
      </tbody>
      {comparisons.some((c) => !c.sameImages) && (
        <tfoot>
          <tr>
            <td colSpan={5} className="muted small">
              * probed on different images (a pipeline failed on some): paired by seed only
            </td>
          </tr>
        </tfoot>
      )}
    </table>
  );
}

/** Every pipeline against every other at one budget: cell = mean macro-F1 of the row minus the column, ★ where the Holm-corrected paired t-test says so. */
export function ComparisonMatrix({ comparisons, order, title, budget }: Props) {
  const present = order.filter((id) => comparisons.some((c) => c.a === id || c.b === id));
  // Pipelines of one model share a long title prefix: the axes show numbers, the key below the titles.
  const domain = present.map((_, i) => String(i + 1));
  const label = (id: string) => domain[present.indexOf(id)];
  const cells = comparisons.flatMap((c) => [
    { row: label(c.a), col: label(c.b), rowTitle: title(c.a), colTitle: title(c.b), diff: c.meanDiff, star: c.better === c.a, c },
    { row: label(c.b), col: label(c.a), rowTitle: title(c.b), colTitle: title(c.a), diff: -c.meanDiff, star: c.better === c.b, c },
  ]);
  const extent = Math.max(0.02, ...cells.map((d) => Math.abs(d.diff)).filter(Number.isFinite));
  if (comparisons.length === 0) return null;
  return (
    <div>
      <PlotFigure
        testId="probe-comparison-matrix"
        fileName="probe-paired-differences"
        deps={[comparisons, order, budget]}
        render={() =>
          Plot.plot({
            width: Math.max(300, 90 + 72 * domain.length),
            height: 120 + 44 * domain.length,
            marginLeft: 44,
            marginBottom: 40,
            style: STYLE,
            x: { domain, label: 'B' },
            y: { domain, label: 'A' },
            color: { type: 'diverging', scheme: 'RdBu', domain: [-extent, extent], legend: true, label: `macro-F1(A) − macro-F1(B) at ${budget}` },
            marks: [
              Plot.cell(cells, {
                x: 'col',
                y: 'row',
                fill: 'diff',
                inset: 0.5,
                title: (d: (typeof cells)[number]) => `${d.rowTitle} − ${d.colTitle}: ${signed(d.diff)}\n${verdict(d.c, title)}`,
              }),
              Plot.text(cells, {
                x: 'col',
                y: 'row',
                text: (d: (typeof cells)[number]) => `${signed(d.diff)}${d.star ? ' ★' : ''}`,
                fill: (d: (typeof cells)[number]) => (Math.abs(d.diff) > extent * 0.6 ? 'white' : 'black'),
              }),
            ],
          })
        }
      />
      <ol className="small muted chart-key">
        {present.map((id) => (
          <li key={id}>{title(id)}</li>
        ))}
      </ol>
    </div>
  );
}
