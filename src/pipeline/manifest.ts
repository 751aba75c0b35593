/**
 * Loads a remote dataset from a manifest URL: the manifest is fetched (bounded), parsed and
 * validated; each image is then fetched as data (bounded, with the resumable downloader) and
 * handed to the normal ingest path, a few at a time. A failed image is listed as skipped with its
 * reason; the rest load.
 */
import { download } from '../core/download';
import { MAX_MANIFEST_BYTES, parseManifest, type ManifestEntry } from '../core/manifest';
import { getState, setState } from '../state/store';
import { ingestFiles } from './ingest';

const MAX_IMAGE_BYTES = 256 * 2 ** 20;
const PARALLEL = 4;

export async function loadManifest(url: string): Promise<void> {
  const absolute = new URL(url, location.href).href;
  setState({ manifest: { url: absolute, done: 0, total: 0 } });
  const fail = (error: string) => setState((s) => ({ manifest: { ...s.manifest!, error } }));
  let entries: ManifestEntry[];
  try {
    const bytes = await download(absolute, { maxBytes: MAX_MANIFEST_BYTES, retries: 2 });
    const parsed = parseManifest(new TextDecoder().decode(bytes), absolute);
    entries = parsed.entries;
    setState((s) => ({
      skipped: [...s.skipped, ...parsed.rejected],
      labelTable: new Map([...s.labelTable, ...entries.map((e) => [e.name, { label: e.label, meta: e.meta }] as const)]),
      manifest: { ...s.manifest!, total: entries.length },
    }));
  } catch (e) {
    fail(`could not load the manifest: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  let next = 0;
  const lane = async () => {
    while (next < entries.length) {
      const entry = entries[next++];
      try {
        const bytes = await download(entry.url, { maxBytes: MAX_IMAGE_BYTES, retries: 2 });
        await ingestFiles([{ file: new File([bytes as BlobPart], entry.name), path: entry.name }]);
      } catch (e) {
        setState((s) => ({ skipped: [...s.skipped, { name: entry.name, reason: e instanceof Error ? e.message : String(e) }] }));
      }
      setState((s) => ({ manifest: s.manifest && { ...s.manifest, done: s.manifest.done + 1 } }));
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, lane));
}

/** The manifest the current images came from, if they all did. */
export function manifestOfCurrentImages(): string | undefined {
  const s = getState();
  return s.manifest && !s.manifest.error && s.manifest.done === s.manifest.total && s.images.length > 0 ? s.manifest.url : undefined;
}
