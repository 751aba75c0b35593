import { useEffect } from 'react';
import { redoLabel, undoLabel } from '../labelActions';
import { useStoreApi } from '../../state/store';

/**
 * Ctrl/Cmd+Z undoes the last label change; Ctrl/Cmd+Shift+Z and Ctrl+Y redo it. A text field keeps
 * its own undo (typing a class name is undone there, not a label).
 */
export function useUndoKeys(): void {
  const store = useStoreApi();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const t = e.target;
      if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || (t instanceof HTMLElement && t.isContentEditable)) return;
      const key = e.key.toLowerCase();
      const redo = (key === 'z' && e.shiftKey) || (key === 'y' && !e.shiftKey);
      if (key !== 'z' && !redo) return;
      e.preventDefault();
      (redo ? redoLabel : undoLabel)(store);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}
