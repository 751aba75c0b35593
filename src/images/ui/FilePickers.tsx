import { useRef } from 'react';
import type { DroppedFile } from '../ingestController';
import { filesFromInput } from './droppedFiles';

const ACCEPT = '.fits,.fit,.fts,.gz,.fz,.bz2,.png,.jpg,.jpeg,.csv,.onnx,image/png,image/jpeg';

/** Buttons for the file picker and the folder picker (a folder's subfolder names become labels). */
export function FilePickers({ onFiles }: { onFiles: (files: DroppedFile[]) => void }) {
  const files = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);
  const onChange = (e: React.ChangeEvent<HTMLInputElement>) => {
    if (e.target.files?.length) onFiles(filesFromInput(e.target.files));
    e.target.value = '';
  };
  return (
    <div className="pickers">
      <button className="primary" onClick={() => files.current?.click()}>
        Add images…
      </button>
      <button onClick={() => folder.current?.click()}>Add folder…</button>
      <input ref={files} type="file" multiple accept={ACCEPT} data-testid="file-input" onChange={onChange} hidden />
      <input ref={folder} type="file" multiple data-testid="folder-input" onChange={onChange} hidden {...{ webkitdirectory: '' }} />
    </div>
  );
}
