import { useState } from 'react';
import { storageNotice } from '../../shared/lib/storageProblem';
import { useStore } from '../../state/store';

/**
 * One quiet banner when the browser will not keep results (IndexedDB or Cache Storage failed);
 * nothing otherwise. It is said once: later failures only add a reason the first time each kind
 * of storage fails, and once dismissed it stays away for the session.
 */
export function StorageNotice() {
  const problem = useStore((s) => s.storageProblem);
  const [dismissed, setDismissed] = useState(false);
  if (!problem || dismissed) return null;
  return (
    <div className="link-banner storage-banner" role="status" data-testid="storage-notice">
      <span className="small">{storageNotice(problem)}</span>
      <button className="small-button" onClick={() => setDismissed(true)}>
        Dismiss
      </button>
    </div>
  );
}
