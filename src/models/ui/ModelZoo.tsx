import { useState } from 'react';
import { defaultDtype, hubFileUrl, MODEL_REGISTRY, type Dtype, type ModelEntry } from '../../../models/registry';
import type { CachedModel } from '../modelCache';
import { useServices } from '../../shared/ui/services';
import { hasWebGpu } from '../models';
import { useStoreApi, useStore, type BackendChoice } from '../../state/store';
import { OnnxFileButton } from './OnnxFileButton';
import { useCachedModels } from './useCachedModels';
import { describeModelInput } from '../lib/inputRecipes';
import { formatMiB } from '../../shared/lib/bytes';

/** The study's backbones, one click each, with an honest status: ready, downloadable, or needs a local export. */
export function ModelZoo() {
  const { modelCache } = useServices();
  const { getState, setState } = useStoreApi();
  const [cached, refresh] = useCachedModels();
  const hub = useStore((s) => s.hubEndpoint);
  const total = cached.reduce((a, c) => a + c.bytes, 0);
  const [backend, setBackend] = useState<BackendChoice>('auto');
  // Open while there is no model yet; afterwards the user decides.
  const [startOpen] = useState(() => getState().models.length === 0);
  return (
    <details className="zoo" open={startOpen} data-testid="model-zoo">
      <summary>
        <h3 className="subhead">Model zoo</h3>
      </summary>
      <p className="muted small">The backbones of Lastufka et al. 2024 with the exact embedding the study used. Downloads are kept in this browser.</p>
      <label className="field">
        <span>Run zoo models on</span>
        <select value={backend} onChange={(e) => setBackend(e.target.value as BackendChoice)} data-testid="zoo-backend">
          <option value="auto">Automatic (WebGPU if available, else WASM)</option>
          <option value="wasm">WASM (CPU)</option>
          <option value="webgpu">WebGPU</option>
        </select>
      </label>
      <ul className="zoo-list">
        {MODEL_REGISTRY.map((entry) => (
          <ZooEntry key={entry.id} entry={entry} hub={hub} cached={cached} backend={backend} />
        ))}
      </ul>
      <details>
        <summary className="small">
          Cached model files ({cached.length}, {formatMiB(total)})
        </summary>
        {cached.length === 0 && <p className="muted small">Nothing cached yet.</p>}
        <ul className="cache-list" data-testid="model-cache">
          {cached.map((c) => (
            <li key={c.url} className="row small">
              <span className="file-name" title={c.url}>
                {c.url.replace(/^https?:\/\/[^/]+\//, '')}
              </span>
              <span className="muted">{formatMiB(c.bytes)}</span>
              <button className="small-button" onClick={() => void modelCache.deleteCachedModel(c.url).then(refresh)} aria-label={`Delete cached ${c.url}`}>
                Delete
              </button>
            </li>
          ))}
        </ul>
        <label className="field">
          <span>Model hub (the Hugging Face hub, or a mirror with the same URL layout)</span>
          <input defaultValue={hub} data-testid="hub-endpoint" onBlur={(e) => e.target.value.trim() && setState({ hubEndpoint: e.target.value.trim() })} />
        </label>
      </details>
    </details>
  );
}

function ZooEntry({ entry, hub, cached, backend }: { entry: ModelEntry; hub: string; cached: CachedModel[]; backend: BackendChoice }) {
  const { models } = useServices();
  const w = entry.weights;
  const [dtype, setDtype] = useState<Dtype | undefined>(() => defaultDtype(entry, hasWebGpu()));
  const [error, setError] = useState<string>();
  const url = w.kind === 'hub' && dtype ? hubFileUrl(hub, w.repo, w.revision, w.files[dtype]!) : undefined;
  const isCached = !!url && cached.some((c) => c.url === url);
  const status = w.kind === 'bundled' ? 'ready (offline)' : w.kind === 'export' ? 'needs a local export' : isCached ? 'ready (cached)' : 'downloadable';

  const add = (file?: File) => {
    setError(undefined);
    try {
      models.add({ registry: entry.id, dtype, file, backend }).catch(() => undefined); // failures show on the model's card
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <li className="zoo-entry" data-testid={`zoo-${entry.id}`} data-status={status}>
      <div className="model-head">
        <strong title={entry.reference}>{entry.name}</strong>
        <span className={`badge ${status.startsWith('ready') ? 'badge-ready' : ''}`}>{status}</span>
      </div>
      <p className="muted small">
        {entry.embedding.dim}-d <code>{entry.embedding.output}</code>
        {entry.embedding.pooling === 'cls' ? ' token 0' : ''} · {entry.paramsM} M params
        {entry.licence.nonCommercial && (
          <span className="badge badge-error" title={entry.licence.name}>
            non-commercial
          </span>
        )}
      </p>
      <details>
        <summary className="small">About</summary>
        <p className="small">
          {entry.architecture}; {entry.pretraining.objective} on {entry.pretraining.data}.
        </p>
        <p className="small">
          Embedding: {entry.embedding.what}
          {entry.embedding.alternatives?.length ? ` (${entry.embedding.output}, else ${entry.embedding.alternatives.join(', ')})` : ''}.
        </p>
        <p className="small" data-testid="zoo-input-recipe">
          Input, as the study fed it:{' '}
          {describeModelInput({ size: entry.inputSize, mean: entry.norm.mean, std: entry.norm.std, recipe: entry.input }).join('; ')}.
        </p>
        <p className="small">
          Licence:{' '}
          <a href={entry.licence.url} target="_blank" rel="noreferrer">
            {entry.licence.name}
          </a>
          . Paper or model card:{' '}
          <a href={entry.reference} target="_blank" rel="noreferrer">
            {entry.reference.replace(/^https?:\/\//, '')}
          </a>
        </p>
        <ul className="small">
          {entry.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      </details>
      <div className="row">
        {w.kind === 'hub' && (
          <select className="inline-select" value={dtype} onChange={(e) => setDtype(e.target.value as Dtype)} aria-label={`${entry.name} weights`}>
            {(Object.keys(w.files) as Dtype[]).map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        )}
        {w.kind !== 'export' && (
          <button className="small-button" onClick={() => add()} data-testid="zoo-add">
            {w.kind === 'hub' && !isCached ? 'Download and add' : 'Add'}
          </button>
        )}
        {w.kind === 'export' && (
          <>
            <OnnxFileButton label="Open exported file…" className="small-button" onFile={add} />
          </>
        )}
      </div>
      {w.kind === 'export' && (
        <p className="small">
          No public ONNX file. Export it once with <code>{w.command}</code> (see the script's header), then open <code>{w.produces}</code>.
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
