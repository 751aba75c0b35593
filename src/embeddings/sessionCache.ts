/**
 * Computed results kept in IndexedDB across reloads and permalinks: embeddings keyed by
 * (pipeline key, image content hash) and projections keyed by their full input key. The keys
 * are content-derived (model weights hash, preprocessing, parameters, image hashes), so a cached
 * value is only ever reused for exactly the same computation. idb-keyval: a maintained, tiny
 * promise wrapper that does one job — a key-value store over IndexedDB.
 *
 * Every record carries its own checksum and is validated when read (src/embeddings/lib/cacheEntry.ts): a
 * record damaged by another tab, a killed browser or a hand edit counts as missing, so the
 * scheduler recomputes it and the fresh value overwrites it.
 */
import { clear, createStore, getMany, set, get, setMany, type UseStore } from 'idb-keyval';
import { embeddingEntry, layoutEntry, readEmbeddingEntries, readLayoutEntry } from './lib/cacheEntry';
import { contentHash } from '../shared/lib/hash';
import { quietStorage } from '../shared/quietStorage';
import type { StorageProblemReporter } from '../shared/storageProblem';

export interface CachedLayout {
  /** Image content hashes in row order. */
  hashes: string[];
  coords: Float32Array;
}

export type SessionCache = ReturnType<typeof createSessionCache>;

/** Pipeline keys are long JSON strings; the cache keys them by a hash of it. */
const shortKey = (key: string) => contentHash(new TextEncoder().encode(key));

/** The IndexedDB stores are opened on first use. `report` hears of the first failure of each kind, for the notice. */
export function createSessionCache(report: StorageProblemReporter) {
  let embeddingsStore: UseStore | undefined;
  let projectionsStore: UseStore | undefined;
  const embeddings = () => (embeddingsStore ??= createStore('latent-sky-embeddings', 'vectors'));
  const projections = () => (projectionsStore ??= createStore('latent-sky-projections', 'layouts'));

  /** A failure to cache (private mode, full disk, IndexedDB missing) never breaks the app: it only recomputes. */
  const quietly = quietStorage(report, 'results');

  return {
    /**
     * Cached embeddings of these images; damaged records, and records not of `expectedDim` (the
     * pipeline's, when known), are left out (and so recomputed).
     */
    async loadEmbeddings(pipelineKey: string, hashes: string[], expectedDim?: number): Promise<Map<string, Float32Array>> {
      return quietly(new Map(), async () => {
        const prefix = await shortKey(pipelineKey);
        const values = await getMany<unknown>(
          hashes.map((h) => `${prefix}:${h}`),
          embeddings(),
        );
        const vectors = readEmbeddingEntries(values, expectedDim);
        const rejected = values.filter((v, i) => v !== undefined && !vectors[i]).length;
        if (rejected) console.info(`session cache: ${rejected} damaged embedding record(s) ignored; they are recomputed`);
        return new Map(hashes.flatMap((h, i) => (vectors[i] ? [[h, vectors[i]!] as const] : [])));
      });
    },

    async saveEmbeddings(pipelineKey: string, entries: [hash: string, vector: Float32Array][]): Promise<void> {
      await quietly(undefined, async () => {
        const prefix = await shortKey(pipelineKey);
        await setMany(
          entries.map(([h, v]) => [`${prefix}:${h}`, embeddingEntry(v)]),
          embeddings(),
        );
      });
    },

    /** A cached layout, or undefined when there is none or it is damaged (then it is recomputed). */
    loadLayout: (projectionKey: string) =>
      quietly<CachedLayout | undefined>(undefined, async () => {
        const value = await get<unknown>(await shortKey(projectionKey), projections());
        const layout = readLayoutEntry(value);
        if (value !== undefined && !layout) console.info('session cache: a damaged layout record ignored; it is recomputed');
        return layout;
      }),

    saveLayout: (projectionKey: string, layout: CachedLayout) =>
      quietly(undefined, async () => set(await shortKey(projectionKey), layoutEntry(layout), projections())),

    async clear(): Promise<void> {
      await quietly(undefined, async () => {
        await clear(embeddings());
        await clear(projections());
      });
    },
  };
}
