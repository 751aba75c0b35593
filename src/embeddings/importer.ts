/**
 * Precomputed embeddings as models: each imported set becomes a "model" with one pipeline whose
 * embeddings come from the file (matched to images by file name or content hash) instead of from
 * inference. Everything downstream (projection, probe, comparison, export) treats it like any model.
 */
import { contentHash } from '../shared/lib/hash';
import { embeddingsFromCsv, embeddingsFromNpy, embeddingsFromParquet, type EmbeddingSet } from './lib/embeddingFile';
import { createRowVectors, type RowVectors } from './lib/rowVectors';
import type { LatentSkyState, LatentSkyStoreApi, ModelRecord, PipelineRecord } from '../state/store';

export interface ImportedEmbeddingsDeps {
  store: Pick<LatentSkyStoreApi, 'setState'>;
  /** A fresh model id, from the same sequence as every other model's. */
  newModelId: () => string;
  /** Gives a new model its default pipeline. */
  addPipeline: (modelId: string) => void;
}

export type ImportedEmbeddings = ReturnType<typeof createImportedEmbeddings>;

const stem = (name: string) => name.replace(/\.[^.]+$/, '');
const extension = (name: string) => /\.([^.]+)$/.exec(name.toLowerCase())?.[1] ?? '';

async function readSets(file: File, companions: File[]): Promise<EmbeddingSet[]> {
  const ext = extension(file.name);
  if (ext === 'parquet') return embeddingsFromParquet(new Uint8Array(await file.arrayBuffer()));
  if (ext === 'csv') return embeddingsFromCsv(await file.text(), stem(file.name));
  if (ext === 'npy') {
    const names = companions.find((c) => stem(c.name) === stem(file.name) && ['txt', 'csv'].includes(extension(c.name)));
    if (!names) throw new Error(`${file.name}: add the names of its rows as ${stem(file.name)}.txt (one per line) or ${stem(file.name)}.csv (a name column)`);
    return [embeddingsFromNpy(new Uint8Array(await file.arrayBuffer()), await names.text(), stem(file.name))];
  }
  throw new Error(`${file.name}: embeddings are read from .parquet, .csv or .npy files`);
}

/** The imported embedding sets, each held as a model of its own; the embedding controller fills their pipelines from here. */
export function createImportedEmbeddings({ store, newModelId, addPipeline }: ImportedEmbeddingsDeps) {
  const sets = new Map<
    string,
    {
      lookup: Map<string, number>;
      set: EmbeddingSet;
      fileName: string;
      /** Some rows' vectors, for a dataset whose embedding is not held whole (`provideRows`), and the rows added since the last fill. */
      some?: { rows: RowVectors; fresh: number[] };
    }
  >();

  /** A set as a model with one pipeline; a set of dimension 0 (an opened dataset without embeddings) gives a model with nothing to fill in. */
  async function addImported(set: EmbeddingSet, fileName: string): Promise<ModelRecord> {
    const fingerprint = await contentHash(new Uint8Array(await new Blob([set.names.join('\n'), set.vectors as BlobPart]).arrayBuffer()));
    const model: ModelRecord = {
      id: newModelId(),
      request: { name: `${set.label} (imported)`, source: { kind: 'imported', fileName, column: set.label }, backend: 'auto' },
      status: 'ready',
      contentHash: `imported:${fingerprint}`,
      info: {
        backend: 'js',
        inputName: '',
        outputs: [{ name: set.label, shape: [set.names.length, set.dim] }],
        output: set.label,
        input: { size: 0, mean: [0, 0, 0], std: [1, 1, 1] },
        fixedSize: true,
        batchSize: 1,
        fallbacks: [],
      },
    };
    sets.set(model.id, { lookup: new Map(set.names.map((n, i) => [n, i])), set, fileName });
    store.setState((s) => ({ models: [...s.models, model] }));
    addPipeline(model.id);
    return model;
  }

  async function importFiles(files: File[]): Promise<{ name: string; reason: string }[]> {
    const problems: { name: string; reason: string }[] = [];
    const primary = files.filter(
      (f) =>
        ['parquet', 'npy'].includes(extension(f.name)) ||
        (extension(f.name) === 'csv' && !files.some((o) => extension(o.name) === 'npy' && stem(o.name) === stem(f.name))),
    );
    for (const file of primary) {
      try {
        for (const set of await readSets(file, files)) await addImported(set, file.name);
      } catch (e) {
        problems.push({ name: file.name, reason: e instanceof Error ? e.message : String(e) });
      }
    }
    return problems;
  }

  /**
   * The scheduler's step for an imported model: fills in every image's vector from the file, or
   * null (with the reason) for images the file has no row for. Returns the updated vectors, or
   * undefined when nothing was missing.
   */
  function fill(s: LatentSkyState, pipeline: PipelineRecord, key: string): { vectors: Map<string, Float32Array | null>; missing: string[] } | undefined {
    const entry = sets.get(pipeline.modelId);
    const have = s.embeddings.get(key);
    if (!entry || (entry.set.dim === 0 && !entry.some)) return undefined;
    const { lookup, set, some } = entry;
    // A row held only now (read on demand) replaces the null its image was given before; a dataset's rows are named by their hashes.
    const fresh = some ? some.fresh.splice(0).flatMap((r) => (have?.get(set.names[r]) === null ? [r] : [])) : [];
    const todo = s.images.filter((img) => !have?.has(img.hash));
    if (todo.length === 0 && fresh.length === 0) return undefined;
    const vectors = new Map(have ?? []);
    const missing: string[] = [];
    for (const r of fresh) vectors.set(set.names[r], some!.rows.get(r)!);
    for (const img of todo) {
      const row = lookup.get(img.name) ?? lookup.get(img.hash) ?? lookup.get(img.path);
      if (row === undefined) missing.push(img.name);
      // A row not held (yet) gets null like a failed image, but is no failure: the probe and metrics leave it out.
      const vector = row === undefined ? null : some ? (some.rows.get(row) ?? null) : set.vectors.subarray(row * set.dim, (row + 1) * set.dim);
      vectors.set(img.hash, vector);
    }
    return { vectors, missing };
  }

  /**
   * Gives an imported model its vectors after the fact (an opened dataset's model is added before
   * its embedding column is read, so its rows are drawn first); the model's new output shape wakes
   * the embedding controller, which fills them in.
   */
  function provideVectors(modelId: string, dim: number, vectors: Float32Array): void {
    const entry = sets.get(modelId);
    if (!entry) return;
    entry.set = { ...entry.set, dim, vectors };
    const shape = [entry.set.names.length, dim];
    store.setState((s) => ({
      models: s.models.map((m) => (m.id === modelId && m.info ? { ...m, info: { ...m.info, outputs: [{ name: m.info.output, shape }] } } : m)),
    }));
  }

  /**
   * Gives an opened dataset's model the vectors of some of its rows (its sample, or rows read on
   * demand), when its embedding is not held whole; they are filled in at the next step.
   */
  function provideRows(modelId: string, rows: Int32Array, dim: number, vectors: Float32Array): void {
    const entry = sets.get(modelId);
    if (!entry) return;
    entry.some ??= { rows: createRowVectors(), fresh: [] };
    entry.some.rows.add(rows, dim, vectors);
    entry.some.fresh.push(...rows);
    if (entry.set.dim !== dim) provideVectors(modelId, dim, new Float32Array(0));
    else store.setState((s) => ({ models: [...s.models] }));
  }

  /** Of an imported model's rows, those whose vectors are not held (none when it holds them all; all of them before it holds any). */
  function rowsNotHeld(modelId: string, rows: Iterable<number>): Int32Array {
    const entry = sets.get(modelId);
    if (entry?.some) return entry.some.rows.missing(rows);
    return entry && entry.set.dim > 0 ? new Int32Array(0) : Int32Array.from(rows);
  }

  return {
    /** Imports every embedding set in the files; resolves with a reason per file that could not be read. */
    importFiles,
    addImported,
    provideVectors,
    provideRows,
    rowsNotHeld,
    fill,
    /** The file an imported model came from. */
    fileOf: (modelId: string) => sets.get(modelId)?.fileName,
  };
}
