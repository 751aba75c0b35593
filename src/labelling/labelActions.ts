/**
 * The labelling intents: label images, remove their label, undo, redo. Each is one store update of
 * the app's labels and their history (src/labelling/lib/labelEdits.ts); the probe, the comparison,
 * the colours, the link and the session storage follow the label slice by themselves.
 */
import { checkClassName, labelKey, redoLabels, setLabels, undoLabels, type Labelling } from './lib/labelEdits';
import { withAppClass } from '../shared/lib/palette';
import type { LatentSkyState, LatentSkyStore } from '../state/store';

type Store = Pick<LatentSkyStore, 'getState' | 'setState'>;

const labelling = (s: LatentSkyState): Labelling => ({ edits: s.labelEdits, history: s.labelHistory });

function update(store: Store, step: (l: Labelling, s: LatentSkyState) => Labelling): void {
  store.setState((s) => {
    const next = step(labelling(s), s);
    return next.edits === s.labelEdits ? {} : { labelEdits: next.edits, labelHistory: next.history };
  });
}

/**
 * Gives the images `imageIds` the class `label` (checked: trimmed, not empty, not too long), or no
 * label (null), as one undoable step. Throws on a bad class name or an unknown image.
 */
export function labelImages(store: Store, imageIds: Iterable<string>, label: string | null): void {
  const name = label === null ? null : checkClassName(label);
  const byId = new Map(store.getState().images.map((img) => [img.id, img]));
  const keys = [...imageIds].map((id) => {
    const img = byId.get(id);
    if (!img) throw new Error(`no image with id "${id}"`);
    return labelKey(img.hash);
  });
  update(store, (l) => setLabels(l, keys, name));
  // A class keeps the colour it got when first named, whatever classes come or go after it.
  if (name !== null && keys.length > 0) store.setState((s) => ({ appClasses: withAppClass(s.appClasses, name) }));
}

/** Forgets every label made in the app for the images loaded now (undoable): back to their folder or CSV labels. */
export function clearAppLabels(store: Store): void {
  update(store, (l, s) =>
    setLabels(
      l,
      s.images.map((img) => labelKey(img.hash)).filter((k) => l.edits.has(k)),
      undefined,
    ),
  );
}

export const undoLabel = (store: Store): void => update(store, undoLabels);
export const redoLabel = (store: Store): void => update(store, redoLabels);
