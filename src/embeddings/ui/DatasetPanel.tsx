import { FilePickButton } from '../../shared/ui/FilePickButton';
import { useStore, type DatasetStatus } from '../../state/store';
import { ProgressBar } from '../../shared/ui/ProgressBar';

const count = (n: number) => n.toLocaleString('en');

/** What the reading is doing, in words: the download, the columns (before the rows are shown), the neighbour lists, the embedding. */
function progressLabel(d: DatasetStatus): string {
  const r = d.read;
  if (!r) return d.progress === undefined ? `Opening ${d.name}` : `Downloading ${d.name} ${Math.round((d.progress || 0) * 100)} %`;
  const rows = `${count(r.rows)} / ${count(r.total)} rows`;
  if (r.stage === 'columns') return `Reading ${d.name}: ${rows} (${r.column})`;
  return `Loading ${r.stage === 'embedding' ? 'embeddings' : 'neighbour lists'} … ${rows} (${r.column})`;
}

/**
 * *Open dataset…*: a Parquet table made by `latent-sky` on a cluster (or with Embedding Atlas's
 * columns) becomes the session's data, one image per row. Shows what was kept and why a file was refused.
 */
export function DatasetPanel({ onOpen, onCancel }: { onOpen: (file: File) => void; onCancel: () => void }) {
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
      {(dataset?.loading || dataset?.read) && (
        <div className="row">
          <div style={{ flex: 1 }}>
            <ProgressBar
              testId="dataset-progress"
              value={dataset.read ? dataset.read.rows / dataset.read.total : (dataset.progress ?? NaN)}
              label={progressLabel(dataset)}
            />
          </div>
          <button data-testid="dataset-cancel" onClick={onCancel} title="Stop reading the file">
            Cancel
          </button>
        </div>
      )}
      {dataset?.cancelled && (
        <p className="muted small" data-testid="dataset-cancelled">
          Opening {dataset.name} was cancelled: nothing changed.
        </p>
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
            {dataset.demand?.read && (
              <li data-testid="dataset-demand">
                read on demand: the embedding of {dataset.demand.read}, in {dataset.demand.seconds?.toFixed(1)} s
              </li>
            )}
          </ul>
        </div>
      )}
    </section>
  );
}
