/**
 * Loads a remote dataset from a manifest URL: the manifest is fetched (bounded), parsed and
 * validated; each image is then fetched as data (bounded, with the resumable downloader) and
 * handed to the normal ingest path, a few at a time. A failed image is listed as skipped with its
 * reason; the rest load.
 */
import { download } from '../shared/lib/download';
import { hostOf, lastSegment, type LinkFetch } from '../sharing/lib/linkHosts';
import { MAX_MANIFEST_BYTES, parseManifest, type ManifestEntry } from './lib/manifestFormat';
import type { LatentSkyStoreApi, SkippedFile } from '../state/store';
import type { IngestController } from './ingestController';

const MAX_IMAGE_BYTES = 256 * 2 ** 20;
const PARALLEL = 4;

export interface LoadManifestOptions {
  /**
   * The manifest URL came with a link (`?manifest=` or a permalink's dataset), not from the user:
   * the manifest and its images are fetched from another website only once the user agreed
   * (src/sharing/consent.ts).
   */
  fromLink?: boolean;
}

const imageFetch = (e: ManifestEntry): LinkFetch => ({ kind: 'image', url: e.url, name: e.name });

export interface ManifestLoaderDeps {
  store: Pick<LatentSkyStoreApi, 'getState' | 'setState'>;
  ingest: Pick<IngestController, 'start' | 'claim' | 'add' | 'skipFile' | 'finish'>;
  /** Asks before a link fetches from other websites (src/sharing/consent.ts). */
  consent: {
    askToFetch: (fetches: readonly LinkFetch[]) => Promise<boolean>;
    mayFetch: (fetch: LinkFetch) => boolean;
    rememberDeclined: (fetches: LinkFetch[], load: () => void) => void;
  };
}

export type ManifestLoader = ReturnType<typeof createManifestLoader>;

export function createManifestLoader({ store, ingest, consent }: ManifestLoaderDeps) {
  const { getState, setState } = store;
  const { askToFetch, mayFetch, rememberDeclined } = consent;

  async function loadManifest(url: string, { fromLink = false }: LoadManifestOptions = {}): Promise<void> {
    const absolute = new URL(url, location.href).href;
    if (fromLink) {
      const manifest: LinkFetch = { kind: 'manifest', url: absolute, name: lastSegment(absolute) };
      await askToFetch([manifest]);
      if (!mayFetch(manifest)) {
        rememberDeclined([manifest], () => void loadManifest(url, { fromLink }));
        return;
      }
    }
    // The manifest's labels arrive before its images: it takes the set over from the demo sky now.
    const job = ingest.start('manifest');
    ingest.claim(job);
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
      ingest.finish(job);
      fail(`could not load the manifest: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (fromLink) {
      // Image hosts are known only now: those not approved yet are asked about before any image is fetched.
      await askToFetch(entries.map(imageFetch));
      const refused = entries.filter((e) => !mayFetch(imageFetch(e)));
      if (refused.length > 0) {
        entries = entries.filter((e) => mayFetch(imageFetch(e)));
        deferImages(refused);
      }
    }
    await fetchEntries(entries, job);
  }

  /**
   * Downloads and ingests manifest entries, a few at a time, as one ingest job: a failed download is
   * listed as skipped in it, and clearing the images mid-way stops the job and its downloads.
   */
  async function fetchEntries(entries: ManifestEntry[], job = ingest.start('manifest')): Promise<void> {
    let next = 0;
    const lane = async () => {
      while (next < entries.length && !job.signal.aborted) {
        const entry = entries[next++];
        try {
          const bytes = await download(entry.url, { maxBytes: MAX_IMAGE_BYTES, retries: 2 });
          await ingest.add(job, [{ file: new File([bytes as BlobPart], entry.name), path: entry.name }]);
        } catch (e) {
          ingest.skipFile(job, entry.name, e instanceof Error ? e.message : String(e));
        }
        setState((s) => ({ manifest: s.manifest && { ...s.manifest, done: s.manifest.done + 1 } }));
      }
    };
    try {
      await Promise.all(Array.from({ length: PARALLEL }, lane));
    } finally {
      ingest.finish(job);
    }
  }

  /** Images the user chose not to fetch: listed as skipped (counted as done), and fetched if they change their mind. */
  function deferImages(refused: ManifestEntry[]): void {
    const notes: SkippedFile[] = refused.map((e) => ({ name: e.name, reason: `not downloaded: you chose not to load images from ${hostOf(e.url)}` }));
    const manifestUrl = getState().manifest?.url;
    setState((s) => ({ skipped: [...s.skipped, ...notes], manifest: s.manifest && { ...s.manifest, done: s.manifest.done + refused.length } }));
    rememberDeclined(refused.map(imageFetch), () => {
      const mine = new Set(notes);
      setState((s) => ({
        skipped: s.skipped.filter((n) => !mine.has(n)),
        // Still the same dataset: its count of images to fetch grows again by those.
        manifest: s.manifest?.url === manifestUrl ? { ...s.manifest!, total: s.manifest!.total + refused.length } : s.manifest,
      }));
      void fetchEntries(refused);
    });
  }

  /** The manifest the current images came from, if they all did. */
  function manifestOfCurrentImages(): string | undefined {
    const s = getState();
    return s.manifest && !s.manifest.error && s.manifest.done === s.manifest.total && s.images.length > 0 ? s.manifest.url : undefined;
  }

  return { loadManifest, manifestOfCurrentImages };
}
