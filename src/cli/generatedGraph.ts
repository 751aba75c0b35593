import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const PUBLIC = resolve(import.meta.dirname, '../../public');

/** One of the app's small ONNX graphs (models/graphPaths.ts) if `npm run models` has written it. */
export function readGeneratedGraph(path: string): Uint8Array | undefined {
  const file = resolve(PUBLIC, path);
  return existsSync(file) ? new Uint8Array(readFileSync(file)) : undefined;
}
