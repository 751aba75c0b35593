import { useEffect } from 'react';
import { useStoreApi } from '../../state/store';

/**
 * Esc undoes the most recent transient thing, one per press: first the preview closes, then the
 * selection clears. Typing in a field keeps Esc for the field.
 */
export function useEscapeKey(): void {
  const { setState } = useStoreApi();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.target instanceof HTMLInputElement) return;
      setState((s) => (s.preview ? { preview: undefined } : { selection: undefined }));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
