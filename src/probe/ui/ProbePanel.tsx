import { SampleNote } from '../../shared/ui/SampleNote';
import { useMemo, useState } from 'react';
import { useServices } from '../../shared/ui/services';
import { pipelineTitle } from '../../state/selectors';
import type { Head } from '../lib/probe';
import { probeResultsCsv } from '../../export/lib/resultTables';
import { csvBlob, saveBlob } from '../../shared/ui/saveFile';
import { useStore, type PipelineRecord } from '../../state/store';
import { ConfusionHeatmap, F1Bars, F1Curve, type PipelineSeries } from './ProbeCharts';
import { ProbeSettingsForm } from './ProbeSettingsForm';
import { ProgressBar } from '../../shared/ui/ProgressBar';
import { probeComparisons } from '../probeComparisons';
import { ComparisonMatrix, ComparisonTable } from './ProbeComparisons';

/** The study's main result, live: macro-F1 of a head on frozen embeddings, per pipeline, as labels grow. */
export function ProbePanel() {
  const services = useServices();
  const probe = useStore((s) => s.probe);
  const probeRun = useStore((s) => s.probeRun);
  const pipelines = useStore((s) => s.pipelines);
  const models = useStore((s) => s.models);
  const title = (p: PipelineRecord) => pipelineTitle(models, p);
  const series: PipelineSeries[] = useMemo(
    () => pipelines.filter((p) => probe[p.id]).map((p) => ({ id: p.id, title: pipelineTitle(models, p), results: probe[p.id].results })),
    [pipelines, probe, models],
  );
  const heads = [...new Set(series.flatMap((s) => s.results.map((r) => r.head)))];
  const budgets = [...new Set(series.flatMap((s) => s.results.map((r) => r.budgetLabel)))];
  const [head, setHead] = useState<Head>();
  const [budget, setBudget] = useState<string>();
  const [confusionFor, setConfusionFor] = useState<string>();
  const activeHead = head && heads.includes(head) ? head : heads[0];
  const activeBudget = budget && budgets.includes(budget) ? budget : budgets[budgets.length - 1];
  const confusionSeries = series.find((s) => s.id === confusionFor) ?? series[0];
  const confusionResult = confusionSeries?.results.find((r) => r.head === activeHead && r.budgetLabel === activeBudget);
  const running = pipelines.find((p) => p.id === probeRun.pipelineId);
  const hasPixels = models.some((m) => m.request.source.kind === 'builtin');
  const allComparisons = useMemo(() => probeComparisons({ probe, pipelines }), [probe, pipelines]);
  const comparisons = allComparisons.filter((c) => c.head === activeHead && c.budget === activeBudget);
  const titleOf = (id: string) => series.find((s) => s.id === id)?.title ?? id;

  return (
    <section className="probe" data-testid="probe" aria-labelledby="probe-title">
      <header className="probe-head">
        <h2 id="probe-title">Classification probe</h2>
        <span className="muted small">A head trained on frozen embeddings: which pipeline separates your classes with the fewest labels?</span>
        <SampleNote what="Trained and tested" />
        <span className="spacer" />
        {!hasPixels && (
          <button onClick={() => void services.models.addPixelBaseline()} data-testid="add-pixels">
            Add the pixels baseline
          </button>
        )}
      </header>
      <div className="probe-body">
        <ProbeSettingsForm />
        <div className="probe-results">
          {probeRun.running && (
            <ProgressBar
              testId="probe-progress"
              value={probeRun.total ? probeRun.done / probeRun.total : NaN}
              label={`Training heads for ${running ? title(running) : ''}: ${probeRun.done} / ${probeRun.total}`}
            />
          )}
          {probeRun.error && (
            <p className="error" role="alert">
              Probe failed: {probeRun.error}
            </p>
          )}
          {series.length === 0 && !probeRun.running && (
            <p className="muted">The probe runs by itself once images of at least two classes are embedded. Label images by folder or with a CSV.</p>
          )}
          {series.length > 0 && (
            <>
              <div className="row">
                {heads.length > 1 && (
                  <label className="field inline-select">
                    <span>Head</span>
                    <select value={activeHead} onChange={(e) => setHead(e.target.value as Head)}>
                      {heads.map((h) => (
                        <option key={h}>{h}</option>
                      ))}
                    </select>
                  </label>
                )}
                <label className="field inline-select">
                  <span>Bars, confusion and paired tests at</span>
                  <select value={activeBudget} onChange={(e) => setBudget(e.target.value)} data-testid="probe-budget">
                    {budgets.map((b) => (
                      <option key={b}>{b}</option>
                    ))}
                  </select>
                </label>
                <label className="field inline-select">
                  <span>Confusion of</span>
                  <select value={confusionSeries?.id} onChange={(e) => setConfusionFor(e.target.value)}>
                    {series.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.title}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              <div className="charts">
                <F1Curve series={series} head={activeHead} />
                <F1Bars series={series} head={activeHead} budget={activeBudget} />
                {confusionResult && <ConfusionHeatmap result={confusionResult} classNames={probe[confusionSeries.id].classNames} />}
                <ComparisonMatrix comparisons={comparisons} order={series.map((s) => s.id)} title={titleOf} budget={activeBudget} />
              </div>
              {confusionResult && (
                <p className="small" data-testid="per-class">
                  <span className="muted">
                    {confusionSeries.title} at {activeBudget}:{' '}
                  </span>
                  accuracy {confusionResult.accuracyMean.toFixed(3)} ± {confusionResult.accuracyStd.toFixed(3)} · per-class F1{' '}
                  {probe[confusionSeries.id].classNames.map((c, i) => `${c} ${confusionResult.perClassF1Mean[i].toFixed(3)}`).join(' · ')}
                </p>
              )}
              <table className="probe-table" data-testid="probe-table">
                <caption className="muted small">
                  macro-F1, mean ± std over {series[0].results[0]?.seeds} seeds ({activeHead} head){' '}
                  <button
                    className="small-button"
                    title="Every pipeline, head and budget with full-precision means, standard deviations and per-class F1, as CSV"
                    onClick={() => saveBlob(csvBlob(probeResultsCsv(series, probe[series[0].id].classNames)), 'latent-sky-probe.csv')}
                    data-testid="probe-csv"
                  >
                    CSV
                  </button>
                </caption>
                <thead>
                  <tr>
                    <th>pipeline</th>
                    {budgets.map((b) => (
                      <th key={b}>{b}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {series.map((s) => (
                    <tr key={s.id}>
                      <th>{s.title}</th>
                      {budgets.map((b) => {
                        const r = s.results.find((x) => x.head === activeHead && x.budgetLabel === b);
                        return <td key={b}>{r ? `${r.macroF1Mean.toFixed(3)} ± ${r.macroF1Std.toFixed(3)}` : '–'}</td>;
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
              <ComparisonTable comparisons={comparisons} all={allComparisons} order={series.map((s) => s.id)} title={titleOf} budget={activeBudget} />
            </>
          )}
        </div>
      </div>
    </section>
  );
}
