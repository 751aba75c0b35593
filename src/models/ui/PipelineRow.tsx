import { useState, type ComponentType } from 'react';
import { preprocessingLabel, type Preprocessing } from '../../preprocessing/lib/preprocessing';
import { useServices } from '../../shared/ui/services';
import { useStore, type ModelRecord, type PipelineRecord } from '../../state/store';
import { ProgressBar } from '../../shared/ui/ProgressBar';
import { SkippedList } from '../../shared/ui/SkippedList';
import { timeLeft } from '../../shared/ui/formatDuration';
import { ModelInputSelect, overrideBadge } from './ModelInputSelect';

/** The preprocessing feature's editor, which the composition root hands down (src/preprocessing/ui/PreprocessingEditor.tsx). */
export type PreprocessingEditorSlot = ComponentType<{ value: Preprocessing; onChange: (p: Preprocessing) => void; fixedSize?: number }>;

/** One pipeline of a model: its preprocessing, embedding progress, and the editor. */
export function PipelineRow({
  pipeline,
  model,
  canRemove,
  preprocessingEditor: PreprocessingEditor,
}: {
  pipeline: PipelineRecord;
  model: ModelRecord;
  canRemove: boolean;
  preprocessingEditor: PreprocessingEditorSlot;
}) {
  const { pipelines } = useServices();
  const run = useStore((s) => s.embedRuns[pipeline.id]);
  const [editing, setEditing] = useState(false);
  const { embedding } = useServices();
  const backend = model.info?.backend.toUpperCase() ?? '';
  return (
    <li className="pipeline-row" data-testid="pipeline-row">
      <div className="pipeline-head">
        <span className="pipeline-label">{preprocessingLabel(pipeline.preprocessing)}</span>
        {overrideBadge(pipeline) && (
          <span className="badge" title="This pipeline's model-input recipe (not the model's own)" data-testid="model-input-badge">
            {overrideBadge(pipeline)}
          </span>
        )}
        {run?.dim && (
          <span className="badge" title="Embedding dimension">
            {run.dim}-d
          </span>
        )}
        <button className="small-button" aria-expanded={editing} onClick={() => setEditing(!editing)} data-testid="edit-pipeline">
          {editing ? 'Done' : 'Preprocessing…'}
        </button>
        <button
          className="small-button"
          title="Add a pipeline of this model with a copy of these settings"
          onClick={() => pipelines.add(model.id, pipeline.preprocessing, pipeline.modelInput)}
          data-testid="duplicate-pipeline"
        >
          Copy
        </button>
        {canRemove && (
          <button className="icon-button" aria-label="Remove this pipeline" title="Remove this pipeline" onClick={() => pipelines.remove(pipeline.id)}>
            ×
          </button>
        )}
      </div>
      {editing && (
        <>
          <PreprocessingEditor
            value={pipeline.preprocessing}
            onChange={(p) => pipelines.update(pipeline.id, p)}
            fixedSize={model.info?.fixedSize ? model.info.input.size : undefined}
          />
          {model.request.source.kind !== 'builtin' && model.request.source.kind !== 'imported' && <ModelInputSelect pipeline={pipeline} model={model} />}
        </>
      )}
      {run && (run.running || run.done < run.total) && (
        <div className="run">
          <ProgressBar
            testId="embed-progress"
            value={run.total ? run.done / run.total : NaN}
            label={`Embedding ${run.done} / ${run.total}${run.imagesPerSecond ? ` · ${run.imagesPerSecond.toFixed(1)} img/s` : ''}${run.running ? timeLeft(run.done, run.total, run.imagesPerSecond) : ''} · ${backend}`}
          />
          {run.running ? (
            <button onClick={() => embedding.cancel(pipeline.id)}>Cancel</button>
          ) : (
            <button onClick={() => embedding.resume(pipeline.id)}>Resume</button>
          )}
        </div>
      )}
      {run?.error && (
        <p className="error" role="alert">
          Embedding failed: {run.error}
        </p>
      )}
      {run && run.failures.length > 0 && (
        <SkippedList
          items={run.failures}
          summary={`${run.failures.length} image${run.failures.length === 1 ? '' : 's'} skipped by this pipeline (left out of its plot and probe)`}
          testId="pipeline-failures"
          itemTestId="pipeline-failure"
        />
      )}
    </li>
  );
}
