import { nearestToVector } from '../compare/lib/neighbours';
import { isFiniteVector } from '../embeddings/lib/finite';
import type { Preprocessing } from '../preprocessing/lib/preprocessing';
import { inputRecipe, inputSize, modelOf, pipelineKey } from '../state/selectors';
import type { LatentSkyState, LatentSkyStore, PipelineRecord, QueryRow } from '../state/store';
import type { IngestResult, PrepareResult } from '../../workers/decode.worker';
import type { EmbedWorkerApi } from '../../workers/embed.worker';

/** Neighbours kept per pipeline by default. */
export const QUERY_K = 8;

export interface QueryDeps {
  store: Pick<LatentSkyStore, 'getState' | 'setState'>;
  /** Reads a file as ingest does (content hash, thumbnail): in a decode worker. */
  ingest: (file: Blob, name: string) => Promise<IngestResult>;
  /** Decodes a file and applies a pipeline's preprocessing, exactly as for the set (a decode worker). */
  prepare: (files: Blob[], names: string[], preprocessing: Preprocessing) => Promise<PrepareResult[]>;
  /** The model's embed worker, the one that embeds the set (undefined: none live). */
  embedder: (modelId: string) => { embed: (...args: Parameters<EmbedWorkerApi['embed']>) => ReturnType<EmbedWorkerApi['embed']> } | undefined;
  /** Object URLs for the query's thumbnail. */
  objectUrl: { create: (blob: Blob) => string; revoke: (url: string) => void };
}

export type QueryController = ReturnType<typeof createQueryController>;

/**
 * Query by image: one cutout that is not in the set goes through every pipeline as the set's images
 * do (same decode worker, preprocessing, model input and embed worker) and its nearest images in
 * each pipeline's embeddings are found by cosine. It is never added to the set, the embeddings, the
 * session cache or the projections: the result lives in the store's `query` slice only. A newer
 * query supersedes one still running.
 */
export function createQueryController({ store, ingest, prepare, embedder, objectUrl }: QueryDeps) {
  let generation = 0;

  const setQuery = (mine: number, patch: Partial<NonNullable<LatentSkyState['query']>>) => {
    if (mine !== generation) return;
    store.setState((s) => (s.query ? { query: { ...s.query, ...patch } } : {}));
  };

  async function rowFor(file: File, pipeline: PipelineRecord, k: number): Promise<QueryRow> {
    const s = store.getState();
    const model = modelOf(s, pipeline);
    const key = pipelineKey(pipeline, model);
    const base = { pipelineId: pipeline.id, neighbours: [] };
    if (!model || !key || model.status !== 'ready') return { ...base, error: 'the model is not ready' };
    if (model.request.source.kind === 'imported') return { ...base, error: 'imported embeddings: there is no model here to embed a new image' };
    const worker = embedder(model.id);
    if (!worker) return { ...base, error: "the model's worker is not running" };
    const [prepared] = await prepare([file], [file.name], pipeline.preprocessing);
    if (!prepared.ok) return { ...base, error: prepared.reason };
    const result = await worker.embed([prepared.image], inputSize(pipeline, model), inputRecipe(pipeline, model) ?? null);
    const vector = result.vectors.subarray(0, result.dim);
    if (!isFiniteVector(vector)) return { ...base, error: 'the model returned NaN or Inf for this image' };
    // The set as it is now, one row per content hash (a cutout dropped twice is one neighbour).
    const now = store.getState();
    const vectors = now.embeddings.get(key);
    const seen = new Set<string>();
    const images = now.images.filter((img) => !seen.has(img.hash) && !!seen.add(img.hash));
    const rows = images.map((img) => vectors?.get(img.hash));
    const neighbours = nearestToVector(rows, vector, k).map((n) => ({ imageId: images[n.index].id, distance: n.distance }));
    return { ...base, neighbours, vector: vector.slice() };
  }

  return {
    /** Queries with one file; resolves with the rows as stored (also when some pipelines failed). */
    async query(file: File, k = QUERY_K): Promise<QueryRow[]> {
      const mine = ++generation;
      const previous = store.getState().query?.thumbUrl;
      if (previous) objectUrl.revoke(previous);
      const pipelines = store.getState().pipelines;
      store.setState({ query: { name: file.name, running: true, k, rows: [] } });
      try {
        const read = await ingest(file, file.name);
        if (!read.ok) throw new Error(`${file.name} cannot be read: ${read.reason}`);
        if (mine !== generation) return [];
        setQuery(mine, { thumbUrl: objectUrl.create(read.thumbnail) });
        const rows: QueryRow[] = [];
        for (const p of pipelines) {
          const row = await rowFor(file, p, k).catch((e: unknown) => ({ pipelineId: p.id, neighbours: [], error: e instanceof Error ? e.message : String(e) }));
          rows.push(row);
          setQuery(mine, { rows: [...rows] });
        }
        setQuery(mine, { running: false });
        return rows;
      } catch (e) {
        setQuery(mine, { running: false, error: e instanceof Error ? e.message : String(e) });
        throw e;
      }
    },
    /** Forgets the query (its marker and neighbours disappear). */
    clear(): void {
      generation++;
      const url = store.getState().query?.thumbUrl;
      if (url) objectUrl.revoke(url);
      store.setState({ query: undefined });
    },
  };
}
