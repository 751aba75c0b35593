import { useCallback, useMemo, useState, type FormEvent } from 'react';
import { labelImages } from '../labelActions';
import { UNLABELLED_NAME } from '../../shared/lib/palette';
import { classInfo } from '../../state/selectors';
import { useStore, useStoreApi } from '../../state/store';
import { useLabelSources } from '../../state/useLabelSources';
import { UndoRedo } from './UndoRedo';
import { useClassKeys } from './useClassKeys';

/**
 * Labels the selected images (lasso, box, a click or a queue entry): one click on an existing class
 * (or its key, 1–9), or a new class typed in; *No label* removes it. Every change is one undoable step.
 */
export function LabelBar() {
  const store = useStoreApi();
  const selection = useStore((s) => s.selection);
  const images = useStore((s) => s.images);
  const sources = useLabelSources();
  const classes = useMemo(() => classInfo(images, sources), [images, sources]);
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  // In colour-slot order, not the legend's alphabetical one: a new class gets the next key, and no other class's key changes.
  const existing = useMemo(
    () =>
      classes.names
        .map((n, k) => ({ n, k }))
        .filter(({ n }) => n !== UNLABELLED_NAME)
        .sort((a, b) => classes.slots[a.k] - classes.slots[b.k]),
    [classes],
  );
  const shortcuts = useMemo(() => existing.slice(0, 9).map(({ n }) => n), [existing]);
  const assign = useCallback(
    (label: string | null) => {
      if (!selection) return false;
      try {
        labelImages(store, selection, label);
        setError(undefined);
        return true;
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
        return false;
      }
    },
    [store, selection],
  );
  useClassKeys(shortcuts, assign, !!selection && selection.size > 0);
  if (!selection || selection.size === 0) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (assign(name)) setName('');
  };
  return (
    <section className="label-bar" data-testid="label-bar" aria-label="Label the selected images">
      <strong>Label {selection.size} selected as</strong>
      {existing.map(({ n, k }, i) => (
        <button
          key={n}
          className="small-button class-button"
          data-testid="label-as"
          data-class={n}
          onClick={() => assign(n)}
          title={`Label the selected images ${n}${i < 9 ? ` (key ${i + 1})` : ''}`}
        >
          <span className="swatch" style={{ background: `rgb(${classes.colours[k].join(',')})` }} />
          {n}
          {i < 9 && <kbd className="key-hint">{i + 1}</kbd>}
        </button>
      ))}
      <form className="new-class" onSubmit={submit}>
        <input
          data-testid="new-class"
          aria-label="New class name"
          placeholder="new class…"
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setError(undefined);
          }}
        />
        <button className="small-button" type="submit" data-testid="assign-new-class">
          Assign
        </button>
      </form>
      <button
        className="small-button"
        data-testid="remove-label"
        onClick={() => assign(null)}
        title="The selected images get no label (also hides a folder or CSV label)"
      >
        No label
      </button>
      <UndoRedo />
      {error && (
        <span className="error small" role="alert" data-testid="label-error">
          {error}
        </span>
      )}
    </section>
  );
}
