import { redoLabel, undoLabel } from '../labelActions';
import { useStore, useStoreApi } from '../../state/store';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl+';

/** Undo and redo of the label changes, with their keyboard shortcuts in the tooltips. */
export function UndoRedo() {
  const store = useStoreApi();
  const canUndo = useStore((s) => s.labelHistory.past.length > 0);
  const canRedo = useStore((s) => s.labelHistory.future.length > 0);
  return (
    <span className="undo-redo">
      <button
        className="small-button"
        data-testid="undo-label"
        disabled={!canUndo}
        onClick={() => undoLabel(store)}
        title={`Undo the last label change (${mod}Z)`}
      >
        Undo
      </button>
      <button
        className="small-button"
        data-testid="redo-label"
        disabled={!canRedo}
        onClick={() => redoLabel(store)}
        title={`Redo (${isMac ? '⇧⌘Z' : 'Ctrl+Y or Ctrl+Shift+Z'})`}
      >
        Redo
      </button>
    </span>
  );
}
