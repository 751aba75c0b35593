import { useServices } from '../../shared/ui/services';
import { useStore, type ModelRecord } from '../../state/store';
import { PipelineRow, type PreprocessingEditorSlot } from './PipelineRow';
import { describeModelInput } from '../lib/inputRecipes';
import { ProgressBar } from '../../shared/ui/ProgressBar';
import { formatMiB } from '../../shared/lib/bytes';

function sourceText(source: ModelRecord['request']['source']): string {
  if (source.kind === 'url') return source.url;
  if (source.kind === 'file') return source.fileName;
  if (source.kind === 'imported') return `imported from ${source.fileName} (${source.column})`;
  return 'built in: area-averaged 32 × 32 grey pixels';
}

function downloadLabel(model: ModelRecord): string {
  const b = model.downloadBytes;
  if (!b) return 'Connecting…';
  if (!Number.isFinite(b.total)) return `Downloading ${formatMiB(b.received)}…`;
  return `Downloading ${formatMiB(b.received)} of ${formatMiB(b.total)} (${Math.round((100 * b.received) / b.total)} %)`;
}

const shapeText = (shape: readonly (number | string)[]) => `[${shape.join(', ')}]`;

export function ModelCard({ model, preprocessingEditor }: { model: ModelRecord; preprocessingEditor: PreprocessingEditorSlot }) {
  const { models } = useServices();
  const pipelines = useStore((s) => s.pipelines).filter((p) => p.modelId === model.id);
  const { info } = model;
  const backend = info?.backend.toUpperCase();

  return (
    <li className="model-card" data-testid="model-card" data-status={model.status}>
      <div className="model-head">
        <strong className="model-name" title={sourceText(model.request.source)}>
          {model.request.name}
        </strong>
        <button className="icon-button" title="Remove model" aria-label={`Remove ${model.request.name}`} onClick={() => models.remove(model.id)}>
          ×
        </button>
      </div>
      <div className="badges">
        <span className={`badge badge-${model.status}`}>{model.status}</span>
        {backend && (
          <span className="badge" title="Execution backend">
            {backend}
          </span>
        )}
        {model.request.dtype && (
          <span className="badge" title="Weight precision">
            {model.request.dtype}
          </span>
        )}
        {model.fromCache && (
          <span className="badge" title="Loaded from this browser's cache, not the network">
            cached
          </span>
        )}
      </div>
      {model.status === 'downloading' && <ProgressBar value={model.download ?? NaN} label={downloadLabel(model)} />}
      {model.status === 'loading' && <ProgressBar value={NaN} label="Loading the model…" />}
      {model.error && (
        <p className="error" role="alert" data-testid="model-error">
          {model.error}
        </p>
      )}
      {models.canRetry(model) && (
        <button className="small-button" onClick={() => void models.retry(model.id)} data-testid="retry-model">
          Retry
        </button>
      )}
      {info && model.request.source.kind === 'builtin' && (
        <p className="muted small">
          The reference without a network: each image area-averaged to 32 × 32 grey pixels (PCA-reduced in the probe). A model should beat it.
        </p>
      )}
      {model.request.source.kind === 'imported' && (
        <p className="muted small">
          Embeddings imported from <code>{model.request.source.fileName}</code> ({info?.outputs[0]?.shape.join(' × ')}), matched to images by file name or
          content hash. No model runs.
        </p>
      )}
      {info &&
        model.request.source.kind !== 'builtin' &&
        model.request.source.kind !== 'imported' &&
        (model.status !== 'error' || models.hasWorker(model.id)) && (
          <>
            <label className="field">
              <span>Embedding output</span>
              <select value={info.output} onChange={(e) => void models.reconfigure(model.id, { output: e.target.value })} data-testid="output-select">
                {info.outputs.map((o) => (
                  <option key={o.name} value={o.name}>
                    {o.name} {shapeText(o.shape)}
                  </option>
                ))}
              </select>
            </label>
            <p className="muted small">
              Input {info.input.size}×{info.input.size}
              {info.fixedSize ? ' (fixed)' : ''}, mean [{info.input.mean.join(', ')}], std [{info.input.std.join(', ')}]
              {info.input.recipe && (
                <span data-testid="model-input-recipe-text">
                  ;{' '}
                  {describeModelInput(info.input)
                    .filter((s) => !s.startsWith('normalise'))
                    .join(', ')}
                </span>
              )}
            </p>
            {info.fallbacks.length > 0 && (
              <p className="muted small" title={info.fallbacks.join('\n')}>
                Running on {backend}: {info.fallbacks[0]}
              </p>
            )}
          </>
        )}
      {model.status !== 'error' && (
        <>
          <h4 className="subhead">Pipelines</h4>
          <ul className="pipeline-list">
            {pipelines.map((p) => (
              <PipelineRow key={p.id} pipeline={p} model={model} canRemove={pipelines.length > 1} preprocessingEditor={preprocessingEditor} />
            ))}
          </ul>
        </>
      )}
    </li>
  );
}
