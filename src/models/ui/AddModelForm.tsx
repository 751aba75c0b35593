import { useState, type FormEvent } from 'react';
import { useServices } from '../../shared/ui/services';
import { OnnxFileButton } from './OnnxFileButton';
import type { BackendChoice } from '../../state/store';

const parseTriple = (text: string): [number, number, number] | undefined => {
  if (!text.trim()) return undefined;
  const v = text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);
  if (v.length !== 3 || v.some((x) => !Number.isFinite(x))) throw new Error('mean and std take three numbers, e.g. 0.485, 0.456, 0.406');
  return v as [number, number, number];
};

/** Add a model from a URL or a local .onnx file, with optional input settings. */
export function AddModelForm() {
  const { models } = useServices();
  const [url, setUrl] = useState('');
  const [output, setOutput] = useState('');
  const [size, setSize] = useState('');
  const [mean, setMean] = useState('');
  const [std, setStd] = useState('');
  const [backend, setBackend] = useState<BackendChoice>('auto');
  const [error, setError] = useState<string>();

  const settings = () => ({
    output: output.trim() || undefined,
    inputSize: size.trim() ? Number(size) : undefined,
    mean: parseTriple(mean),
    std: parseTriple(std),
    backend,
  });

  const submit = (source: { url: string } | { file: File }) => {
    setError(undefined);
    try {
      models.add({ ...source, ...settings() }).catch(() => undefined); // failures show on the model's card
      if ('url' in source) setUrl('');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (url.trim()) submit({ url: url.trim() });
  };

  return (
    <form className="add-model" onSubmit={onSubmit} aria-label="Add a model">
      <label className="field">
        <span>ONNX model URL</span>
        <input type="url" placeholder="https://…/model.onnx" value={url} onChange={(e) => setUrl(e.target.value)} data-testid="model-url" />
      </label>
      <div className="row">
        <button type="submit" disabled={!url.trim()}>
          Add model
        </button>
        <OnnxFileButton label="Open .onnx file…" onFile={(file) => submit({ file })} />
      </div>
      <details>
        <summary>Input and output settings</summary>
        <label className="field">
          <span>Embedding output (default: a 2-D output that is not 1000-class logits)</span>
          <input value={output} onChange={(e) => setOutput(e.target.value)} placeholder="automatic" />
        </label>
        <label className="field">
          <span>Input size (px; fixed-size models ignore it)</span>
          <input type="number" min={8} max={2048} value={size} onChange={(e) => setSize(e.target.value)} placeholder="224" />
        </label>
        <label className="field">
          <span>Mean (R, G, B)</span>
          <input value={mean} onChange={(e) => setMean(e.target.value)} placeholder="0.485, 0.456, 0.406 (ImageNet)" />
        </label>
        <label className="field">
          <span>Std (R, G, B)</span>
          <input value={std} onChange={(e) => setStd(e.target.value)} placeholder="0.229, 0.224, 0.225 (ImageNet)" />
        </label>
        <label className="field">
          <span>Backend</span>
          <select value={backend} onChange={(e) => setBackend(e.target.value as BackendChoice)}>
            <option value="auto">Automatic (WebGPU if available, else WASM)</option>
            <option value="wasm">WASM (CPU)</option>
            <option value="webgpu">WebGPU</option>
          </select>
        </label>
      </details>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
