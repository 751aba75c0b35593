import { useEffect, useState } from 'react';
import type { DroppedFile } from '../ingestController';
import { filesFromDataTransfer } from './droppedFiles';

/** Files and folders can be dropped anywhere on the page; an overlay says where they go. */
export function DropZone({ onFiles }: { onFiles: (files: DroppedFile[]) => void }) {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      // An element that takes drops of its own (e.g. query by image) keeps them out of the set.
      if (e.target instanceof Element && e.target.closest('[data-own-drop]')) return;
      void filesFromDataTransfer(e.dataTransfer!).then(onFiles);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [onFiles]);
  if (!dragging) return null;
  return (
    <div className="drop-overlay" aria-hidden>
      <div>Drop FITS, PNG or JPEG cutouts, folders, a labels CSV or an .onnx model</div>
    </div>
  );
}
