import { FilePickButton } from '../../shared/ui/FilePickButton';
import { useStore } from '../../state/store';
import { ProgressBar } from '../../shared/ui/ProgressBar';

/**
 * *Open dataset…*: a Parquet table made by `latent-sky` on a cluster (or with Embedding Atlas's
 * columns) becomes the session's data, one image per row. Shows what was kept and why a file was refused.
 */
export function DatasetPanel({ onOpen }: { onOpen: (file: File) => void }) {
  const dataset = useStore((s) => s.dataset);
  return (
    <section className="card" aria-labelledby="dataset-title">
      <h2 id="dataset-title">Dataset</h2>
      <div className="row">
        <FilePickButton
          label="Open dataset…"
          title="A Parquet file from latent-sky merge / project (or with Embedding Atlas's columns): one image per row, its embedding, its coordinates"
          accept=".parquet"
          testId="dataset-input"
          onFiles={(files) => onOpen(files[0])}
        />
      </div>
      {dataset?.loading && (
        <ProgressBar
          testId="dataset-progress"
          value={dataset.progress ?? NaN}
          label={dataset.progress === undefined ? `Reading ${dataset.name}` : `Downloading ${dataset.name} ${Math.round((dataset.progress || 0) * 100)} %`}
        />
      )}
      {dataset?.error && (
        <p className="error" role="alert" data-testid="dataset-error">
          {dataset.error}
        </p>
      )}
      {dataset && !dataset.loading && !dataset.error && dataset.rows !== undefined && (
        <div className="small" data-testid="dataset-status">
          <p className="stat">
            {dataset.name}: {dataset.rows.toLocaleString('en')} rows
          </p>
          <ul className="muted">
            {dataset.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
