/**
 * Records the first failure of each kind of browser storage in the store, where one notice shows
 * it (src/embeddings/ui/StorageNotice.tsx). Later failures of the same kind (every further write of a full
 * disk, say) go to the console only: the notice is said once, not per write.
 */
import { describeStorageFailure, type StorageKind } from './lib/storageProblem';
import { setState } from '../state/store';

const reported = new Set<StorageKind>();

/** `error` undefined: the storage API does not exist in this browser or window. */
export function reportStorageProblem(kind: StorageKind, error?: unknown): void {
  console.warn(`storage (${kind}):`, error ?? 'not available');
  if (reported.has(kind)) return;
  reported.add(kind);
  const clause = describeStorageFailure(kind, error);
  setState((s) => ({ storageProblem: s.storageProblem ? `${s.storageProblem}; ${clause}` : clause }));
}
