/**
 * Downloaded model weights kept in the browser's Cache Storage, keyed by URL, so a second visit
 * loads from disk. Cache Storage (rather than OPFS) because it stores a Response as is, works in
 * every browser that runs the app, and is what the "site data" controls of the browser show.
 */
const CACHE = 'latent-sky-models-v1';

export interface CachedModel {
  url: string;
  bytes: number;
  savedAt: string;
}

const available = () => typeof caches !== 'undefined';

export async function cachedModel(url: string): Promise<Uint8Array | undefined> {
  if (!available()) return undefined;
  const hit = await (await caches.open(CACHE)).match(url);
  return hit ? new Uint8Array(await hit.arrayBuffer()) : undefined;
}

export async function cacheModel(url: string, bytes: Uint8Array): Promise<void> {
  if (!available()) return;
  try {
    const headers = { 'content-type': 'application/octet-stream', 'content-length': String(bytes.byteLength), 'x-saved-at': new Date().toISOString() };
    await (await caches.open(CACHE)).put(url, new Response(bytes as BlobPart, { headers }));
  } catch (e) {
    // A full disk or a private window: the model still works, it just downloads again next time.
    console.warn(`could not cache ${url}:`, e);
  }
}

export async function listCachedModels(): Promise<CachedModel[]> {
  if (!available()) return [];
  const cache = await caches.open(CACHE);
  const out: CachedModel[] = [];
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    out.push({ url: request.url, bytes: Number(response?.headers.get('content-length')) || 0, savedAt: response?.headers.get('x-saved-at') ?? '' });
  }
  return out.sort((a, b) => a.url.localeCompare(b.url));
}

export async function deleteCachedModel(url: string): Promise<void> {
  if (available()) await (await caches.open(CACHE)).delete(url);
}
