import { reconfigureModel, removeModel } from '../pipeline/models';
import { useStore, type ModelRecord } from '../state/store';
import { PipelineRow } from './PipelineRow';
import { ProgressBar } from './ProgressBar';

const sourceText = (source: ModelRecord['request']['source']) =>
  source.kind === 'url' ? source.url : source.kind === 'file' ? source.fileName : 'built in: area-averaged 32 × 32 grey pixels';

const shapeText = (shape: readonly (number | string)[]) => `[${shape.join(', ')}]`;

export function ModelCard({ model }: { model: ModelRecord }) {
  const pipelines = useStore((s) => s.pipelines).filter((p) => p.modelId === model.id);
  const { info } = model;
  const backend = info?.backend.toUpperCase();

  return (
    <li className="model-card" data-testid="model-card" data-status={model.status}>
      <div className="model-head">
        <strong className="model-name" title={sourceText(model.request.source)}>
          {model.request.name}
        </strong>
        <button className="icon-button" title="Remove model" aria-label={`Remove ${model.request.name}`} onClick={() => removeModel(model.id)}>
          ×
        </button>
      </div>
      <div className="badges">
        <span className={`badge badge-${model.status}`}>{model.status}</span>
        {backend && <span className="badge" title="Execution backend">{backend}</span>}
      </div>
      {model.status === 'downloading' && (
        <ProgressBar value={model.download ?? NaN} label={Number.isFinite(model.download) ? `Downloading ${Math.round((model.download ?? 0) * 100)} %` : 'Downloading…'} />
      )}
      {model.status === 'loading' && <ProgressBar value={NaN} label="Loading the model…" />}
      {model.error && <p className="error" role="alert">{model.error}</p>}
      {info && model.request.source.kind === 'builtin' && (
        <p className="muted small">The reference without a network: each image area-averaged to 32 × 32 grey pixels (PCA-reduced in the probe). A model should beat it.</p>
      )}
      {info && model.request.source.kind !== 'builtin' && (
        <>
          <label className="field">
            <span>Embedding output</span>
            <select value={info.output} onChange={(e) => void reconfigureModel(model.id, { output: e.target.value })} data-testid="output-select">
              {info.outputs.map((o) => (
                <option key={o.name} value={o.name}>
                  {o.name} {shapeText(o.shape)}
                </option>
              ))}
            </select>
          </label>
          <p className="muted small">
            Input {info.input.size}×{info.input.size}{info.fixedSize ? ' (fixed)' : ''}, mean [{info.input.mean.join(', ')}], std [{info.input.std.join(', ')}]
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
              <PipelineRow key={p.id} pipeline={p} model={model} canRemove={pipelines.length > 1} />
            ))}
          </ul>
        </>
      )}
    </li>
  );
}
