import { SampleNote } from '../../shared/ui/SampleNote';
import { metricsCsv } from '../../export/lib/resultTables';
import { csvBlob, saveBlob } from '../../shared/ui/saveFile';
import { currentInvariance, pipelineTitle } from '../../state/selectors';
import { useStore } from '../../state/store';
import { CkaHeatmap } from './CkaHeatmap';
import { ClusterAgreementTable } from './ClusterAgreementTable';
import { clusterAgreement } from '../../clusters/lib/agreement';
import { useMemo } from 'react';

const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '–');

/** Which pipeline separates the classes, and how much the pipelines agree, in numbers. */
export function CompareTable() {
  const comparison = useStore((s) => s.comparison);
  const pipelines = useStore((s) => s.pipelines);
  const models = useStore((s) => s.models);
  const clusters = useStore((s) => s.clusters);
  const result = comparison?.result;
  const clustered = useMemo(() => pipelines.filter((p) => clusters[p.id]), [pipelines, clusters]);
  const agreement = useMemo(() => clusterAgreement(clustered.map((p) => ({ id: p.id, ...clusters[p.id] }))), [clustered, clusters]);
  const images = useStore((s) => s.images);
  const invariance = useStore((s) => s.invariance);
  // The orientation-invariance means join each pipeline's row once the check has run on the current data.
  const invarianceOf = (id: string) => {
    const o = currentInvariance({ images, models, pipelines, invariance }, id);
    return o && { images: o.sampleHashes.length, k: o.result.k, summary: o.result.summary };
  };
  if (!comparison) return null;
  const shown = pipelines.filter((p) => result?.perPipeline[p.id]);
  const clusterCounts = Object.fromEntries(
    clustered.map((p) => {
      const labels = clusters[p.id].labels;
      return [p.id, { clusters: labels.reduce((m, c) => Math.max(m, c + 1), 0), noise: labels.filter((c) => c < 0).length }];
    }),
  );
  return (
    <section className="compare" data-testid="compare" aria-labelledby="compare-title">
      <header className="probe-head">
        <h2 id="compare-title">Embedding metrics</h2>
        <span className="muted small">
          {result ? `on ${result.rows.length} images` : ''}
          {comparison.running ? ' · updating…' : ''} · k-NN: leave-one-out, k = 10, cosine · trustworthiness and continuity of the 2-D layout, k = 15 · CKA:
          linear kernel
        </span>
        <SampleNote what="Measured" />
        <span className="spacer" />
        {result && (
          <button
            className="small-button"
            title="These metrics for every pipeline, and its Jaccard overlap and CKA with every other, at full precision, as CSV"
            onClick={() =>
              saveBlob(
                csvBlob(
                  metricsCsv(
                    shown.map((p) => ({ id: p.id, title: pipelineTitle(models, p), metrics: result.perPipeline[p.id], invariance: invarianceOf(p.id) })),
                    result.rows.length,
                    result.pairs,
                    { perPipeline: clusterCounts, pairs: agreement },
                  ),
                ),
                'latent-sky-metrics.csv',
              )
            }
            data-testid="metrics-csv"
          >
            CSV
          </button>
        )}
      </header>
      {comparison.error && (
        <p className="error" role="alert">
          {comparison.error}
        </p>
      )}
      {result && (
        <div className="charts">
          <table className="probe-table" data-testid="metrics-table">
            <thead>
              <tr>
                <th>pipeline</th>
                <th title="Leave-one-out k-NN accuracy on labelled images">k-NN acc.</th>
                <th title="Leave-one-out k-NN macro-F1">k-NN macro-F1</th>
                <th title="Mean silhouette of the classes (cosine), −1…1">silhouette</th>
                <th title="How many 2-D neighbours are true neighbours, 0…1">trustworthiness</th>
                <th title="How many true neighbours stay neighbours in 2-D, 0…1 (Venna & Kaski)">continuity</th>
                <th title="Density clusters found by HDBSCAN in the 2-D layout, and the images in none (noise)">clusters (noise)</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((p) => {
                const m = result.perPipeline[p.id];
                return (
                  <tr key={p.id}>
                    <th>{pipelineTitle(models, p)}</th>
                    <td>{fmt(m.knnAccuracy)}</td>
                    <td>{fmt(m.knnMacroF1)}</td>
                    <td>{fmt(m.silhouette)}</td>
                    <td>{fmt(m.trustworthiness)}</td>
                    <td>{fmt(m.continuity)}</td>
                    <td data-testid="cluster-count">{clusterCounts[p.id] ? `${clusterCounts[p.id].clusters} (${clusterCounts[p.id].noise})` : '–'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {result.pairs.length > 0 && (
            <table className="probe-table" data-testid="jaccard-table">
              <caption className="muted small">Mean Jaccard overlap of 10-NN sets (1 = the pipelines see the same neighbours)</caption>
              <thead>
                <tr>
                  <th />
                  {shown.slice(1).map((p) => (
                    <th key={p.id}>{pipelineTitle(models, p)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {shown.slice(0, -1).map((a, i) => (
                  <tr key={a.id}>
                    <th>{pipelineTitle(models, a)}</th>
                    {shown.slice(1).map((b, j) => (
                      <td key={b.id}>
                        {j >= i ? fmt(result.pairs.find((x) => (x.a === a.id && x.b === b.id) || (x.a === b.id && x.b === a.id))?.jaccard ?? NaN) : ''}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {clustered.length > 1 && (
            <ClusterAgreementTable pipelines={clustered.map((p) => ({ id: p.id, title: pipelineTitle(models, p) }))} pairs={agreement} />
          )}
          {result.pairs.length > 0 && <CkaHeatmap pipelines={shown.map((p) => ({ id: p.id, title: pipelineTitle(models, p) }))} pairs={result.pairs} />}
        </div>
      )}
    </section>
  );
}
