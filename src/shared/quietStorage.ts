import type { StorageKind } from './lib/storageProblem';
import type { StorageProblemReporter } from './storageProblem';

/**
 * Wraps browser-storage work (IndexedDB) so that a failure — private mode, a full disk, no
 * IndexedDB at all — never breaks the app: the work gives `fallback` instead, and `report` hears of
 * it (for the one storage notice).
 */
export function quietStorage(report: StorageProblemReporter, kind: StorageKind) {
  return async function quietly<T>(fallback: T, work: () => Promise<T>): Promise<T> {
    if (typeof indexedDB === 'undefined') {
      report(kind);
      return fallback;
    }
    try {
      return await work();
    } catch (e) {
      report(kind, e);
      return fallback;
    }
  };
}
