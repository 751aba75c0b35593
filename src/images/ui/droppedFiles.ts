import type { DroppedFile } from '../ingestController';

/** Folders can be dropped too: walk them (FileSystemEntry API) and keep each file's relative path. */
export async function filesFromDataTransfer(dt: DataTransfer): Promise<DroppedFile[]> {
  const entries = Array.from(dt.items)
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.())
    .filter((e): e is FileSystemEntry => !!e);
  if (entries.length === 0) return Array.from(dt.files, (file) => ({ file, path: file.name }));
  const out: DroppedFile[] = [];
  await Promise.all(entries.map((e) => walk(e, out)));
  return out;
}

async function walk(entry: FileSystemEntry, out: DroppedFile[]): Promise<void> {
  const path = entry.fullPath.replace(/^\//, '');
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ file, path });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns at most ~100 entries per call: read until it returns none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    await Promise.all(batch.map((e) => walk(e, out)));
  }
}

/** Files from an <input type="file">; with `webkitdirectory` each has a relative path. */
export function filesFromInput(list: FileList): DroppedFile[] {
  return Array.from(list, (file) => ({ file, path: file.webkitRelativePath || file.name }));
}
