/**
 * Downloaded model weights kept in the browser's Cache Storage, keyed by URL, so a second visit
 * loads from disk. Cache Storage (rather than OPFS) because it stores a Response as is, works in
 * every browser that runs the app, and is what the "site data" controls of the browser show.
 *
 * Cache Storage may be missing (an insecure origin) or fail (a full disk, a private window): the
 * model is then downloaded and used without it, and the first failure is reported once.
 */
import type { StorageKind } from '../shared/lib/storageProblem';

const CACHE = 'latent-sky-models-v1';

export interface CachedModel {
  url: string;
  bytes: number;
  savedAt: string;
}

const available = () => typeof caches !== 'undefined';

export type ModelCache = ReturnType<typeof createModelCache>;

/** The model cache; `reportStorageProblem` is told when Cache Storage is missing or fails. */
export function createModelCache(reportStorageProblem: (kind: StorageKind, error?: unknown) => void) {
  /** The cache, or undefined (reported) when this browser will not give one. */
  async function openCache(): Promise<Cache | undefined> {
    if (!available()) {
      reportStorageProblem('models');
      return undefined;
    }
    try {
      return await caches.open(CACHE);
    } catch (e) {
      reportStorageProblem('models', e);
      return undefined;
    }
  }

  async function cachedModel(url: string): Promise<Uint8Array | undefined> {
    const cache = await openCache();
    try {
      const hit = await cache?.match(url);
      return hit ? new Uint8Array(await hit.arrayBuffer()) : undefined;
    } catch (e) {
      // An entry that cannot be read back is downloaded again.
      reportStorageProblem('models', e);
      return undefined;
    }
  }

  async function cacheModel(url: string, bytes: Uint8Array): Promise<void> {
    const cache = await openCache();
    if (!cache) return;
    try {
      const headers = { 'content-type': 'application/octet-stream', 'content-length': String(bytes.byteLength), 'x-saved-at': new Date().toISOString() };
      await cache.put(url, new Response(bytes as BlobPart, { headers }));
    } catch (e) {
      // A full disk or a private window: the model still works, it just downloads again next time.
      reportStorageProblem('models', e);
    }
  }

  /** The cached model files; none when Cache Storage is missing (that is said when a model would be cached). */
  async function listCachedModels(): Promise<CachedModel[]> {
    if (!available()) return [];
    const cache = await openCache();
    if (!cache) return [];
    const out: CachedModel[] = [];
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      out.push({ url: request.url, bytes: Number(response?.headers.get('content-length')) || 0, savedAt: response?.headers.get('x-saved-at') ?? '' });
    }
    return out.sort((a, b) => a.url.localeCompare(b.url));
  }

  async function deleteCachedModel(url: string): Promise<void> {
    await (await openCache())?.delete(url);
  }

  return { cachedModel, cacheModel, listCachedModels, deleteCachedModel };
}
