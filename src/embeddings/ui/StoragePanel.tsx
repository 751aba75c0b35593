import { useEffect, useState } from 'react';
import { useServices } from '../../shared/ui/services';
import { useStore } from '../../state/store';
import { formatMiB } from '../../shared/lib/bytes';

/** What this site keeps in the browser (cached models, embeddings, layouts), and a way to clear it. */
export function StoragePanel() {
  const [usage, setUsage] = useState<{ used: number; quota: number }>();
  const [cleared, setCleared] = useState(false);
  const { sessionCache } = useServices();
  const projections = useStore((s) => s.projections);
  const refresh = () =>
    navigator.storage
      ?.estimate()
      .then((e) => setUsage({ used: e.usage ?? 0, quota: e.quota ?? 0 }))
      .catch(() => undefined);
  useEffect(() => {
    void refresh();
  }, [projections]);
  return (
    <details className="card storage" data-testid="storage-panel">
      <summary>
        <h2 className="inline">Storage</h2>
      </summary>
      <p className="small">
        Embeddings and layouts are kept in this browser, keyed by model weights, settings and image content, so a reload or a permalink recomputes nothing.
        Model files are listed under <em>Model zoo → Cached model files</em>.
      </p>
      {usage && (
        <p className="small" data-testid="storage-usage">
          This site uses {formatMiB(usage.used)} of {formatMiB(usage.quota)} available.
        </p>
      )}
      <button className="small-button" onClick={() => void sessionCache.clear().then(() => (setCleared(true), refresh()))} data-testid="clear-session-cache">
        Clear computed results
      </button>
      {cleared && <p className="muted small">Cleared. Results on screen stay until you reload.</p>}
    </details>
  );
}
