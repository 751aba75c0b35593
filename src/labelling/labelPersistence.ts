/**
 * Keeps the app's labels across reloads: restores the stored labels once at start, then writes every
 * change of the label slice (only the keys that changed). Labels set before the stored ones arrive
 * (from a permalink, or a quick user) win over them: they are newer.
 */
import type { LabelEdits } from './lib/labelEdits';
import { withAppClass } from '../shared/lib/palette';
import type { LabelStorage } from './labelStorage';
import { subscribeToSlices, type LatentSkyState, type LatentSkyStore } from '../state/store';

/** The keys whose value differs between two label maps, with the new value (undefined: removed). */
export function labelDiff(before: LabelEdits, after: LabelEdits): [string, string | null | undefined][] {
  const changed: [string, string | null | undefined][] = [];
  for (const [k, v] of after) if (before.get(k) !== v) changed.push([k, v]);
  for (const k of before.keys()) if (!after.has(k)) changed.push([k, undefined]);
  return changed;
}

export function createLabelPersistence({ store, storage }: { store: Pick<LatentSkyStore, 'getState' | 'setState' | 'subscribe'>; storage: LabelStorage }) {
  let written: LabelEdits = new Map();
  let writtenClasses: readonly string[] = [];
  let writes = Promise.resolve();
  const write = ({ labelEdits, appClasses }: Pick<LatentSkyState, 'labelEdits' | 'appClasses'>) => {
    const changes = labelDiff(written, labelEdits);
    written = labelEdits;
    if (changes.length) writes = writes.then(() => storage.save(changes));
    // The list only grows (classes keep their colours' slots), so a longer one is a changed one.
    if (appClasses.length !== writtenClasses.length) writes = writes.then(() => storage.saveClasses(appClasses));
    writtenClasses = appClasses;
  };
  return {
    /** Restores the stored labels, then follows the label slice; resolves once restored. Returns the unsubscribe. */
    async start(): Promise<() => void> {
      const [stored, storedClasses] = await Promise.all([storage.load(), storage.loadClasses()]);
      // Classes named before this page (kept) come first: they had their colours before those named meanwhile.
      store.setState((s) => ({ labelEdits: new Map([...stored, ...s.labelEdits]), appClasses: s.appClasses.reduce(withAppClass, storedClasses) }));
      written = new Map(stored);
      writtenClasses = storedClasses;
      write(store.getState());
      return subscribeToSlices(store, (s) => [s.labelEdits, s.appClasses], write);
    },
    /** Settles when every write so far has been handed to storage (for tests). */
    flushed: () => writes,
  };
}
