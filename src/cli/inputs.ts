/**
 * The images a run covers: a folder (walked recursively), a manifest (.json / .csv, the app's
 * format: entries are URLs, or paths relative to the manifest), a file list (.txt, one path a
 * line), or files and folders given as arguments.
 * Each item has a relative `path` (what the partition sorts by and what labels come from) and a
 * `name` (the file name, as in the app).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { parseManifest } from '../images/lib/manifestFormat';
import { baseName } from '../images/lib/labels';

export interface InputItem {
  path: string;
  name: string;
  /** Label and metadata a manifest gives; labels CSV and folder labels are applied later. */
  label?: string;
  meta: Record<string, string>;
  /** A local file's absolute path, or the URL to fetch. */
  location: string;
}

const posix = (p: string) => p.split(sep).join('/');

/** Files under `root`, hidden entries skipped, each path prefixed with the folder's own name as a dropped folder is in the app. */
function walk(root: string): InputItem[] {
  const top = basename(resolve(root));
  const out: InputItem[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile()) out.push({ path: `${top}/${posix(relative(root, full))}`, name: entry.name, meta: {}, location: resolve(full) });
    }
  };
  visit(root);
  return out;
}

// Local manifests are resolved by the app's parser against this stand-in origin, then mapped back to files.
const LOCAL = 'https://manifest.latent-sky.invalid/';
const HERE = `${LOCAL}__manifest__/`;

function fromManifest(file: string): InputItem[] {
  const { entries, rejected } = parseManifest(readFileSync(file, 'utf8'), HERE);
  const dir = dirname(resolve(file));
  if (rejected.length) process.stderr.write(`${file}: ${rejected.length} manifest entries left out (${rejected[0].name}: ${rejected[0].reason})\n`);
  return entries.map((e) => {
    if (!e.url.startsWith(LOCAL)) return { path: e.url, name: e.name, label: e.label, meta: e.meta, location: e.url };
    const local = decodeURIComponent(new URL(e.url).pathname);
    const location = local.startsWith('/__manifest__/') ? join(dir, local.slice('/__manifest__/'.length)) : local;
    return { path: posix(relative(dir, location)), name: e.name, label: e.label, meta: e.meta, location };
  });
}

export const isManifest = (p: string) => /\.(json|csv)$/i.test(p) && statSync(p).isFile();

/**
 * A plain list, one path per line (relative to the list's folder, or absolute): the app's manifest
 * parser stops at its 20,000-entry limit, a survey's file list does not, and reading it is far
 * cheaper for every array task than walking millions of files on a shared file system.
 */
function fromList(file: string): InputItem[] {
  const dir = dirname(resolve(file));
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((line) => ({ path: posix(line), name: baseName(line), meta: {}, location: resolve(dir, line) }));
}

/** Every --input argument expanded; duplicates (the same relative path twice) are an error, not a silent double row. */
export function listInputs(args: readonly string[]): InputItem[] {
  if (args.length === 0) throw new Error('--input names no files, folders or manifest');
  const items: InputItem[] = [];
  for (const arg of args) {
    let st;
    try {
      st = statSync(arg);
    } catch {
      throw new Error(`--input ${arg}: no such file or folder`);
    }
    if (st.isDirectory()) items.push(...walk(arg));
    else if (args.length === 1 && isManifest(arg)) items.push(...fromManifest(arg));
    else if (args.length === 1 && /\.(txt|lst)$/i.test(arg)) items.push(...fromList(arg));
    else items.push({ path: posix(arg), name: baseName(arg), meta: {}, location: resolve(arg) });
  }
  const seen = new Set<string>();
  for (const it of items) {
    if (seen.has(it.path)) throw new Error(`--input lists ${it.path} twice`);
    seen.add(it.path);
  }
  return items;
}

export async function readInput(item: InputItem): Promise<Uint8Array> {
  if (!/^https?:\/\//.test(item.location)) return new Uint8Array(readFileSync(item.location));
  const res = await fetch(item.location);
  if (!res.ok) throw new Error(`download failed: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}
