/**
 * The app's labels in IndexedDB (idb-keyval, as the session cache), one record per labelled content:
 * key = content-hash prefix, value = the class, or null for "no label". Labels are the user's own
 * work, so they live in a store of their own that *Clear computed results* leaves alone. The order in
 * which classes were named in the app (their colours) is one more record, under a key no hash prefix has.
 */
import { createStore, delMany, entries, get, set, setMany, type UseStore } from 'idb-keyval';
import type { StorageProblemReporter } from '../shared/storageProblem';
import { quietStorage } from '../shared/quietStorage';

export interface LabelStorage {
  load(): Promise<[key: string, value: string | null][]>;
  /** Writes these values; undefined deletes the record. */
  save(changes: [key: string, value: string | null | undefined][]): Promise<void>;
  /** The classes named in the app, in the order first used ([] when none were kept). */
  loadClasses(): Promise<string[]>;
  saveClasses(appClasses: readonly string[]): Promise<void>;
}

const CLASSES_KEY = 'app-classes';

/** `report` hears of a failing or missing IndexedDB (the app's one storage notice). */
export function idbLabelStorage(report: StorageProblemReporter): LabelStorage {
  let store: UseStore | undefined;
  const open = () => (store ??= createStore('latent-sky-labels', 'labels'));
  // Without storage the labels still work for this page; the one notice says results are not kept.
  const quietly = quietStorage(report, 'results');
  return {
    load: () =>
      quietly([], async () =>
        (await entries<IDBValidKey, unknown>(open())).flatMap(([k, v]) =>
          typeof k === 'string' && (typeof v === 'string' || v === null) ? [[k, v] as [string, string | null]] : [],
        ),
      ),
    save: (changes) =>
      quietly(undefined, async () => {
        const set = changes.filter((c): c is [string, string | null] => c[1] !== undefined);
        const gone = changes.filter(([, v]) => v === undefined).map(([k]) => k);
        if (set.length) await setMany(set, open());
        if (gone.length) await delMany(gone, open());
      }),
    loadClasses: () =>
      quietly([], async () => {
        const value = await get<unknown>(CLASSES_KEY, open());
        return Array.isArray(value) ? value.filter((n): n is string => typeof n === 'string') : [];
      }),
    saveClasses: (appClasses) => quietly(undefined, () => set(CLASSES_KEY, [...appClasses], open())),
  };
}
