import { pipelineTitle } from '../../state/selectors';
import { ColourBySelect } from './ColourBySelect';
import { NumberField } from '../../shared/ui/NumberField';
import { useStoreApi, useStore } from '../../state/store';
import type { UmapParams } from '../lib/projection';

const LIMITS: Record<keyof UmapParams, { min: number; max: number; step: number; integer: boolean; label: string; help: string }> = {
  nNeighbors: { min: 2, max: 200, step: 1, integer: true, label: 'Neighbours', help: 'Larger values keep more global structure' },
  minDist: { min: 0, max: 1, step: 0.05, integer: false, label: 'Min. distance', help: 'How tightly points may pack' },
  seed: { min: 0, max: 2 ** 31 - 1, step: 1, integer: true, label: 'Seed', help: 'Same seed and inputs give the same layout' },
};

function ParamField({ name }: { name: keyof UmapParams }) {
  const { setState } = useStoreApi();
  const value = useStore((s) => s.umap[name]);
  const { label, help, ...limits } = LIMITS[name];
  return (
    <NumberField
      label={label}
      title={help}
      value={value}
      {...limits}
      onChange={(v) => setState((s) => ({ umap: { ...s.umap, [name]: v } }))}
      testId={`umap-${name}`}
    />
  );
}

/** Procrustes alignment of every panel onto one reference panel, so the same galaxies sit in similar places. */
function AlignSelect() {
  const { setState } = useStoreApi();
  const alignTo = useStore((s) => s.alignTo);
  const pipelines = useStore((s) => s.pipelines);
  const models = useStore((s) => s.models);
  if (pipelines.length < 2) return null;
  return (
    <label className="field">
      <span>Align layouts to (rotation, reflection, scale)</span>
      <select value={alignTo ?? ''} onChange={(e) => setState({ alignTo: e.target.value || undefined })} data-testid="align-to">
        <option value="">no alignment</option>
        {pipelines.map((p) => (
          <option key={p.id} value={p.id}>
            {pipelineTitle(models, p)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** UMAP parameters, applied on Enter or when the field loses focus. */
export function ProjectionSettings() {
  return (
    <section className="card" aria-labelledby="projection-title">
      <h2 id="projection-title">Projection (UMAP) and colour</h2>
      <div className="params">
        <ParamField name="nNeighbors" />
        <ParamField name="minDist" />
        <ParamField name="seed" />
      </div>
      <AlignSelect />
      <ColourBySelect />
      <p className="muted small">
        Cosine distance between embeddings; every panel uses the same seed and parameters, and the same inputs give the same layout.
      </p>
    </section>
  );
}
