import type { ReactNode } from 'react';
import { useStore } from '../../state/store';
import { AddModelForm } from './AddModelForm';
import { ModelCard } from './ModelCard';
import type { PreprocessingEditorSlot } from './PipelineRow';
import { ModelZoo } from './ModelZoo';

/**
 * The models and their pipelines. What other features add goes in from the composition root:
 * `preprocessingEditor` edits a pipeline's preprocessing, `children` (e.g. importing embeddings)
 * come after the zoo and the form.
 */
export function ModelsPanel({ preprocessingEditor, children }: { preprocessingEditor: PreprocessingEditorSlot; children?: ReactNode }) {
  const models = useStore((s) => s.models);
  return (
    <section className="card" aria-labelledby="models-title">
      <h2 id="models-title">Models</h2>
      {models.length === 0 && (
        <p className="muted small">No model yet. Pick one from the zoo below or add your own ONNX model; embeddings are computed here, in your browser.</p>
      )}
      <ul className="model-list">
        {models.map((m) => (
          <ModelCard key={m.id} model={m} preprocessingEditor={preprocessingEditor} />
        ))}
      </ul>
      <ModelZoo />
      <AddModelForm />
      {children}
    </section>
  );
}
