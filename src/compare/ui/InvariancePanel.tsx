import { ORIENTATION_LABELS } from '../../images/lib/orient';
import { currentInvariance, pipelineTitle } from '../../state/selectors';
import { useStoreApi, useStore, type InvarianceOutcome } from '../../state/store';
import { NumberField } from '../../shared/ui/NumberField';
import { ProgressBar } from '../../shared/ui/ProgressBar';
import { useServices } from '../../shared/ui/services';
import { MAX_INVARIANCE_SAMPLE } from '../invariance';
import { INVARIANCE_K } from '../lib/invariance';

const fmt = (v: number, digits = 3) => (Number.isFinite(v) ? v.toFixed(digits) : '–');
const percent = (v: number) => (Number.isFinite(v) ? `${(100 * v).toFixed(1)} %` : '–');
const meanOf = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;

/** One pipeline's numbers: a row per orientation and their mean. */
function PipelineInvariance({ title, outcome, current }: { title: string; outcome: InvarianceOutcome; current: boolean }) {
  const { result } = outcome;
  const all = {
    meanCosine: meanOf(result.summary.map((s) => s.meanCosine)),
    meanKept: meanOf(result.summary.map((s) => s.meanKept)),
    flipRate: meanOf(result.summary.map((s) => s.flipRate)),
  };
  return (
    <table className={current ? 'probe-table' : 'probe-table stale'} data-testid="invariance-table">
      <caption className="small">
        <strong>{title}</strong>
        <span className="muted">
          {' '}
          · {outcome.sampleHashes.length} images
          {outcome.failed > 0 ? ` (${outcome.failed} left out: a copy could not be embedded)` : ''}
          {current ? '' : ' · out of date (the pipeline or the images changed): run the check again'}
        </span>
      </caption>
      <thead>
        <tr>
          <th>turned</th>
          <th title="Mean cosine similarity of the turned copy's embedding to the original's (1 = the same direction)">cosine</th>
          <th title={`How many of the original's ${result.k} nearest neighbours (cosine, among all ${outcome.hashes.length} images) are also the copy's`}>
            {result.k}-NN kept
          </th>
          <th title="Share of images whose linear-probe prediction changes for the copy">probe flips</th>
        </tr>
      </thead>
      <tbody>
        {result.summary.map((s) => (
          <tr key={s.orientation}>
            <th>{ORIENTATION_LABELS[s.orientation]}</th>
            <td>{fmt(s.meanCosine)}</td>
            <td>{fmt(s.meanKept, 1)}</td>
            <td>{percent(s.flipRate)}</td>
          </tr>
        ))}
        <tr className="total">
          <th>mean</th>
          <td>{fmt(all.meanCosine)}</td>
          <td>{fmt(all.meanKept, 1)}</td>
          <td>{percent(all.flipRate)}</td>
        </tr>
      </tbody>
    </table>
  );
}

/**
 * "Does a model care which way up a galaxy is?": on request, each pipeline embeds a seeded sample
 * of its cutouts turned by 90°, 180°, 270° and mirrored, and the tables say how far the embeddings,
 * the neighbourhoods and the probe's predictions move.
 */
export function InvariancePanel() {
  const { setState } = useStoreApi();
  const controller = useServices().invariance;
  const state = useStore((s) => s.invariance);
  const pipelines = useStore((s) => s.pipelines);
  const models = useStore((s) => s.models);
  const images = useStore((s) => s.images);
  const isCurrent = (id: string) => !!currentInvariance({ images, models, pipelines, invariance: state }, id);
  const current = pipelines.filter((p) => isCurrent(p.id)).length;
  const { run } = state;
  const shown = pipelines.filter((p) => state.results[p.id]);
  const runningTitle = pipelines.find((p) => p.id === run.pipelineId);
  return (
    <section className="compare invariance" data-testid="invariance" aria-labelledby="invariance-title">
      <header className="probe-head">
        <h2 id="invariance-title">Orientation invariance</h2>
        <span className="muted small">Does a model care which way up a galaxy is? The sky has no up: a good embedding should not move much.</span>
        <span className="spacer" />
        <NumberField
          label="sample"
          value={state.sampleSize}
          min={INVARIANCE_K + 2}
          max={MAX_INVARIANCE_SAMPLE}
          step={1}
          integer
          onChange={controller.setSampleSize}
          title="Images per pipeline (a seeded sample, the same for every pipeline); each costs four extra embeddings"
          testId="invariance-sample"
        />
        {run.running ? (
          <button onClick={controller.cancel} data-testid="invariance-cancel">
            Cancel
          </button>
        ) : (
          <button
            onClick={() => void controller.run()}
            disabled={pipelines.length === 0}
            title="Embed the sample turned by 90°, 180°, 270° and mirrored through every pipeline, and measure how much changes"
            data-testid="invariance-run"
          >
            {current > 0 ? 'Run again' : 'Run the check'}
          </button>
        )}
      </header>
      {run.running && (
        <ProgressBar
          value={run.phase === 'measuring' || run.total === 0 ? NaN : run.done / run.total}
          label={
            run.phase === 'measuring'
              ? `Measuring ${runningTitle ? pipelineTitle(models, runningTitle) : ''}: cosines, neighbours, probe…`
              : `Embedding turned copies: ${run.done} / ${run.total} images × 4${runningTitle ? ` · ${pipelineTitle(models, runningTitle)}` : ''}`
          }
          testId="invariance-progress"
        />
      )}
      {run.error && (
        <p className="error" role="alert" data-testid="invariance-error">
          {run.error}
        </p>
      )}
      {run.cancelled && !run.running && <p className="muted small">Cancelled; nothing of that run was kept.</p>}
      {(run.notes ?? []).map((n) => (
        <p key={n} className="muted small">
          {n}
        </p>
      ))}
      {shown.length > 0 && (
        <div className="charts">
          {shown.map((p) => (
            <PipelineInvariance key={p.id} title={pipelineTitle(models, p)} outcome={state.results[p.id]} current={isCurrent(p.id)} />
          ))}
        </div>
      )}
      <p className="muted small invariance-legend" data-testid="invariance-legend">
        Each sampled cutout, as this pipeline prepares it, is turned 90°, 180° and 270° counter-clockwise and mirrored left–right, then embedded exactly as the
        original (same model input and worker); the copies are never added to your images, caches, layouts or probe. <strong>cosine</strong>: similarity of the
        copy's embedding to the original's (1 = unchanged). <strong>{INVARIANCE_K}-NN kept</strong>: how many of the original's {INVARIANCE_K} nearest
        neighbours among all images are also the copy's. <strong>probe flips</strong>: how often a linear probe (this page's probe settings, fitted on the
        labelled originals, 5-fold cross-fitted so no image is predicted by a head that saw it) changes its prediction. Colour points by{' '}
        <em>orientation invariance</em>{' '}
        <button className="small-button" onClick={() => setState({ colourBy: 'invariance' })} data-testid="invariance-colour">
          colour by it
        </button>{' '}
        to see which galaxies move; the preview shows the turned copies' neighbours.
      </p>
    </section>
  );
}
