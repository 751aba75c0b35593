import { useState, type FormEvent } from 'react';
import { useServices } from '../../shared/ui/services';
import { useStore } from '../../state/store';
import { ProgressBar } from '../../shared/ui/ProgressBar';

/** Load a remote dataset: a JSON or CSV manifest listing image URLs with labels. */
export function ManifestForm() {
  const manifest = useStore((s) => s.manifest);
  const [url, setUrl] = useState('');
  const { manifestLoader } = useServices();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (url.trim()) void manifestLoader.loadManifest(url.trim());
  };
  return (
    <details className="manifest-form" open={manifest ? true : undefined}>
      <summary className="small">Load a remote dataset (manifest URL)…</summary>
      <form onSubmit={submit} className="row">
        <input
          type="url"
          placeholder="https://…/manifest.json or .csv"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          data-testid="manifest-url"
          aria-label="Manifest URL"
        />
        <button type="submit" className="small-button" disabled={!url.trim()}>
          Load
        </button>
      </form>
      <p className="muted small">
        JSON <code>{'{"images": [{"url": …, "label": …}]}'}</code> or CSV with a <code>url</code> column. Links to it share the dataset itself.
      </p>
      {manifest && !manifest.error && manifest.done < manifest.total && (
        <ProgressBar testId="manifest-progress" value={manifest.done / manifest.total} label={`Fetching ${manifest.done} / ${manifest.total} images`} />
      )}
      {manifest?.error && (
        <p className="error" role="alert" data-testid="manifest-error">
          {manifest.error}
        </p>
      )}
    </details>
  );
}
