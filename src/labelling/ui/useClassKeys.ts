import { useEffect } from 'react';

/**
 * Keys 1–9 label the selection with the first nine classes, in the label bar's order (the usual
 * labelling-tool shortcut: one hand on the keys, one on the mouse). Not while typing in a field, and
 * not with Ctrl, Cmd or Alt held (those keep their own meaning).
 */
export function useClassKeys(classes: readonly string[], assign: (label: string) => void, active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      const t = e.target;
      if (
        t instanceof HTMLInputElement ||
        t instanceof HTMLTextAreaElement ||
        t instanceof HTMLSelectElement ||
        (t instanceof HTMLElement && t.isContentEditable)
      )
        return;
      const k = /^[1-9]$/.test(e.key) ? Number(e.key) - 1 : -1;
      if (k < 0 || k >= classes.length) return;
      e.preventDefault();
      assign(classes[k]);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [classes, assign, active]);
}
