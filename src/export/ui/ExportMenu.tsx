import { useRef } from 'react';
import { exportCsv, exportLabelsCsv, exportParquet, exportSelectionCsv } from '../exportData';
import { saveBlob } from '../../shared/ui/saveFile';
import { useStore, useStoreApi } from '../../state/store';
import type { LatentSkyState } from '../../state/store';

/** Everything computed per image (coordinates, predictions, embeddings, labels, metadata), as files. */
export function ExportMenu() {
  const hasImages = useStore((s) => s.images.length > 0);
  const selected = useStore((s) => s.selection?.size ?? 0);
  const menu = useRef<HTMLDetailsElement>(null);
  const store = useStoreApi();
  if (!hasImages) return null;
  const stamp = new Date().toISOString().slice(0, 10);
  // A choice closes the menu, as menus do.
  const save = (blob: (s: LatentSkyState) => Blob, name: string) => () => {
    saveBlob(blob(store.getState()), name);
    if (menu.current) menu.current.open = false;
  };
  return (
    <details className="export-menu" data-testid="export-menu" ref={menu}>
      <summary className="button-like">Export</summary>
      <div className="menu">
        <button onClick={save(exportParquet, `latent-sky-${stamp}.parquet`)} data-testid="export-parquet">
          Table as Parquet (embeddings as arrays)
        </button>
        <button onClick={save(exportCsv, `latent-sky-${stamp}.csv`)} data-testid="export-csv">
          Table as CSV
        </button>
        <button onClick={save(exportLabelsCsv, `latent-sky-labels-${stamp}.csv`)} data-testid="export-labels">
          Labels as CSV (filename, label)
        </button>
        <button disabled={selected === 0} onClick={save(exportSelectionCsv, `latent-sky-selection-${stamp}.csv`)} data-testid="export-selection">
          Selection as CSV ({selected})
        </button>
        <p className="muted small">One row per image: name, content hash, label, metadata, RA/Dec, and per pipeline x, y, predicted class and embedding.</p>
      </div>
    </details>
  );
}
