/**
 * Keeps the app's labels across reloads: restores the stored labels once at start, then writes every
 * change of the label slice (only the keys that changed). Labels set before the stored ones arrive
 * (from a permalink, or a quick user) win over them: they are newer.
 */
import type { LabelEdits } from './lib/labelEdits';
import type { LabelStorage } from './labelStorage';
import { subscribeToSlices, type LatentSkyStore } from '../state/store';

/** The keys whose value differs between two label maps, with the new value (undefined: removed). */
export function labelDiff(before: LabelEdits, after: LabelEdits): [string, string | null | undefined][] {
  const changed: [string, string | null | undefined][] = [];
  for (const [k, v] of after) if (before.get(k) !== v) changed.push([k, v]);
  for (const k of before.keys()) if (!after.has(k)) changed.push([k, undefined]);
  return changed;
}

export function createLabelPersistence({ store, storage }: { store: Pick<LatentSkyStore, 'getState' | 'setState' | 'subscribe'>; storage: LabelStorage }) {
  let written: LabelEdits = new Map();
  let writes = Promise.resolve();
  const write = (edits: LabelEdits) => {
    const changes = labelDiff(written, edits);
    written = edits;
    if (changes.length) writes = writes.then(() => storage.save(changes));
  };
  return {
    /** Restores the stored labels, then follows the label slice; resolves once restored. Returns the unsubscribe. */
    async start(): Promise<() => void> {
      const stored = await storage.load();
      store.setState((s) => ({ labelEdits: new Map([...stored, ...s.labelEdits]) }));
      written = new Map(stored);
      write(store.getState().labelEdits);
      return subscribeToSlices(
        store,
        (s) => [s.labelEdits],
        (s) => write(s.labelEdits),
      );
    },
    /** Settles when every write so far has been handed to storage (for tests). */
    flushed: () => writes,
  };
}
