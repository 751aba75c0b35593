/**
 * Computed results kept in IndexedDB across reloads and permalinks: embeddings keyed by
 * (pipeline key, image content hash) and projections keyed by their full input key. The keys
 * are content-derived (model weights hash, preprocessing, parameters, image hashes), so a cached
 * value is only ever reused for exactly the same computation. idb-keyval: a maintained, tiny
 * promise wrapper that does one job — a key-value store over IndexedDB.
 */
import { clear, createStore, getMany, set, get, setMany, type UseStore } from 'idb-keyval';
import { contentHash } from '../core/hash';

let embeddingsStore: UseStore | undefined;
let projectionsStore: UseStore | undefined;
const available = () => typeof indexedDB !== 'undefined';
const embeddings = () => (embeddingsStore ??= createStore('latent-sky-embeddings', 'vectors'));
const projections = () => (projectionsStore ??= createStore('latent-sky-projections', 'layouts'));

/** Pipeline keys are long JSON strings; the cache keys them by a hash of it. */
const shortKey = (key: string) => contentHash(new TextEncoder().encode(key));

/** A failure to cache (private mode, full disk) never breaks the app: it only recomputes. */
async function quietly<T>(fallback: T, work: () => Promise<T>): Promise<T> {
  if (!available()) return fallback;
  try {
    return await work();
  } catch (e) {
    console.warn('session cache:', e);
    return fallback;
  }
}

export async function loadEmbeddings(pipelineKey: string, hashes: string[]): Promise<Map<string, Float32Array>> {
  return quietly(new Map(), async () => {
    const prefix = await shortKey(pipelineKey);
    const values = await getMany<Float32Array | undefined>(hashes.map((h) => `${prefix}:${h}`), embeddings());
    return new Map(hashes.flatMap((h, i) => (values[i] instanceof Float32Array ? [[h, values[i]!] as const] : [])));
  });
}

export async function saveEmbeddings(pipelineKey: string, entries: [hash: string, vector: Float32Array][]): Promise<void> {
  await quietly(undefined, async () => {
    const prefix = await shortKey(pipelineKey);
    // Copies: the vectors may be views into a larger batch buffer.
    await setMany(entries.map(([h, v]) => [`${prefix}:${h}`, v.slice()]), embeddings());
  });
}

export interface CachedLayout {
  /** Image content hashes in row order. */
  hashes: string[];
  coords: Float32Array;
}

export const loadLayout = (projectionKey: string) =>
  quietly<CachedLayout | undefined>(undefined, async () => get<CachedLayout>(await shortKey(projectionKey), projections()));

export const saveLayout = (projectionKey: string, layout: CachedLayout) =>
  quietly(undefined, async () => set(await shortKey(projectionKey), layout, projections()));

export async function clearSessionCache(): Promise<void> {
  await quietly(undefined, async () => {
    await clear(embeddings());
    await clear(projections());
  });
}
