import { useStore } from '../../state/store';
import { AddModelForm } from './AddModelForm';
import { ModelCard } from './ModelCard';
import { ImportEmbeddings } from '../../embeddings/ui/ImportEmbeddings';
import { ModelZoo } from './ModelZoo';

export function ModelsPanel() {
  const models = useStore((s) => s.models);
  return (
    <section className="card" aria-labelledby="models-title">
      <h2 id="models-title">Models</h2>
      {models.length === 0 && (
        <p className="muted small">No model yet. Pick one from the zoo below or add your own ONNX model; embeddings are computed here, in your browser.</p>
      )}
      <ul className="model-list">
        {models.map((m) => (
          <ModelCard key={m.id} model={m} />
        ))}
      </ul>
      <ModelZoo />
      <AddModelForm />
      <ImportEmbeddings />
    </section>
  );
}
