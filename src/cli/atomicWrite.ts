import { renameSync, writeFileSync } from 'node:fs';

/** Writes beside the target, then renames: readers see either no file or the whole file. */
export function writeAtomic(path: string, data: Uint8Array | string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
