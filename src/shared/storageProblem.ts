/**
 * Records the first failure of each kind of browser storage in the store, where one notice shows
 * it (src/embeddings/ui/StorageNotice.tsx). Later failures of the same kind (every further write of a full
 * disk, say) go to the console only: the notice is said once, not per write.
 */
import { describeStorageFailure, type StorageKind } from './lib/storageProblem';
import type { LatentSkyStoreApi } from '../state/store';

export type StorageProblemReporter = (kind: StorageKind, error?: unknown) => void;

/** The app's one reporter (it remembers which kinds it has said); `error` undefined: the storage API does not exist here. */
export function createStorageProblemReporter(store: Pick<LatentSkyStoreApi, 'setState'>): StorageProblemReporter {
  const reported = new Set<StorageKind>();
  return (kind, error) => {
    console.warn(`storage (${kind}):`, error ?? 'not available');
    if (reported.has(kind)) return;
    reported.add(kind);
    const clause = describeStorageFailure(kind, error);
    store.setState((s) => ({ storageProblem: s.storageProblem ? `${s.storageProblem}; ${clause}` : clause }));
  };
}
