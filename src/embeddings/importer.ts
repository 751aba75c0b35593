/**
 * Precomputed embeddings as models: each imported set becomes a "model" with one pipeline whose
 * embeddings come from the file (matched to images by file name or content hash) instead of from
 * inference. Everything downstream (projection, probe, comparison, export) treats it like any model.
 */
import { contentHash } from '../shared/lib/hash';
import { embeddingsFromCsv, embeddingsFromNpy, embeddingsFromParquet, type EmbeddingSet } from './lib/embeddingFile';
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
  const sets = new Map<string, { lookup: Map<string, number>; set: EmbeddingSet; fileName: string }>();

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
    const todo = s.images.filter((img) => !have?.has(img.hash));
    if (!entry || entry.set.dim === 0 || todo.length === 0) return undefined;
    const vectors = new Map(have ?? []);
    const missing: string[] = [];
    const { lookup, set } = entry;
    for (const img of todo) {
      const row = lookup.get(img.name) ?? lookup.get(img.hash) ?? lookup.get(img.path);
      if (row === undefined) missing.push(img.name);
      vectors.set(img.hash, row === undefined ? null : set.vectors.subarray(row * set.dim, (row + 1) * set.dim));
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

  return {
    /** Imports every embedding set in the files; resolves with a reason per file that could not be read. */
    importFiles,
    addImported,
    provideVectors,
    fill,
    /** The file an imported model came from. */
    fileOf: (modelId: string) => sets.get(modelId)?.fileName,
  };
}
