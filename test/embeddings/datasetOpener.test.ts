import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDatasetOpener, type DatasetReader } from '../../src/embeddings/datasetOpener';
import { createImportedEmbeddings } from '../../src/embeddings/importer';
import { createDatasetRows } from '../../src/embeddings/datasetRows';
import { blobBuffer, openDatasetSource, readDatasetColumns, type DatasetBudget } from '../../src/embeddings/lib/datasetFile';
import { readDatasetEmbedding, readDatasetNeighbours } from '../../src/embeddings/lib/datasetLists';
import type { ExportColumn } from '../../src/export/lib/exportTable';
import { pipelineKey } from '../../src/state/selectors';
import { createLatentSkyStore } from '../../src/state/store';
import { DEFAULT_PREPROCESSING } from '../../src/preprocessing/lib/preprocessing';
import { deferred, settle } from '../support/controllers';
import { datasetParquet } from './support/datasetParquet';

const n = 40;
const names = Array.from({ length: n }, (_, i) => `row_${i}.png`);
const file = new File(
  [
    datasetParquet(
      [
        { name: 'name', kind: 'string', values: names },
        { name: 'label', kind: 'string', values: names.map((_, i) => `class ${i % 2}`) },
        { name: 'projection_x', kind: 'float', values: names.map((_, i) => i) },
        { name: 'projection_y', kind: 'float', values: names.map((_, i) => 2 * i) },
        { name: 'embedding', kind: 'vector', values: names.map((_, i) => Float32Array.of(i, 1, 0)) } as ExportColumn,
      ],
      names.map((_, i) => ({ ids: [i, (i + 5) % n], distances: [0, 0.5] })),
    ),
  ],
  'run.parquet',
);

/** The app's reader in process; each step waits for its gate when one is set. */
function inProcess(gates: Partial<Record<'columns' | 'embedding', Promise<void>>> = {}) {
  const closed = { count: 0 };
  const openReader = async (blob: Blob): Promise<DatasetReader> => {
    const source = await openDatasetSource(blobBuffer(blob));
    let table: Awaited<ReturnType<typeof readDatasetColumns>> | undefined;
    return {
      columns: async (budget, onProgress) => {
        await gates.columns;
        return (table = await readDatasetColumns(source, budget, onProgress));
      },
      embedding: async (onProgress, rows) => {
        await gates.embedding;
        return readDatasetEmbedding(source, table!, { rows, onProgress });
      },
      neighbours: (onProgress) => readDatasetNeighbours(source, table!, onProgress),
      close: () => closed.count++,
    };
  };
  return { openReader, closed };
}

function setUp(reader: ReturnType<typeof inProcess>, budget?: DatasetBudget) {
  const store = createLatentSkyStore();
  let ids = 0;
  const imported = createImportedEmbeddings({
    store,
    newModelId: () => `model-${++ids}`,
    addPipeline: (modelId) => store.setState((s) => ({ pipelines: [...s.pipelines, { id: `p-${modelId}`, modelId, preprocessing: DEFAULT_PREPROCESSING }] })),
  });
  const opener = createDatasetOpener({
    store,
    clearImages: () => store.setState({ images: [] }),
    removeModel: (id) => store.setState((s) => ({ models: s.models.filter((m) => m.id !== id), pipelines: s.pipelines.filter((p) => p.modelId !== id) })),
    imported,
    consent: { askToFetch: async () => true, mayFetch: () => true, rememberDeclined: () => undefined },
    thumbUrl: () => 'blob:thumb',
    openReader: reader.openReader,
    rows: createDatasetRows({ store, imported }),
    budget,
  });
  return { store, imported, opener };
}

beforeEach(() => vi.stubGlobal('location', { href: 'http://localhost/' }));
afterEach(() => vi.unstubAllGlobals());

describe('opening a dataset in steps: the rows first, then the neighbour lists and the embedding', () => {
  it('shows the rows at their coordinates before the embedding is read, then gives the model its vectors', async () => {
    const embeddingGate = deferred<void>();
    const reader = inProcess({ embedding: embeddingGate.promise });
    const { store, imported, opener } = setUp(reader);
    const opened = opener.openFile(file);
    await vi.waitFor(() => expect(store.getState().datasetNeighbours).toBeDefined());
    let s = store.getState();
    expect(s.images).toHaveLength(n);
    expect(s.images.map((i) => i.name)).toEqual(names);
    const pipeline = s.pipelines[0];
    expect(Array.from(s.projections[pipeline.id].coords.subarray(0, 4))).toEqual([0, 0, 1, 2]);
    expect(s.dataset?.loading).toBe(false);
    expect(s.dataset?.notes).toContain('embedding: embedding, read next');
    // The neighbour lists are in (they come before the embedding), for the dataset's pipeline.
    expect(s.datasetNeighbours?.pipelineId).toBe(pipeline.id);
    expect(Array.from(s.datasetNeighbours!.ids.subarray(2, 4))).toEqual([1, 6]);
    expect(s.dataset?.notes).toContain('neighbour lists: neighbors (2 per row, from the file)');
    expect(imported.fill(s, pipeline, pipelineKey(pipeline, s.models[0])!)).toBeUndefined();

    embeddingGate.resolve();
    await opened;
    s = store.getState();
    expect(s.dataset?.read).toBeUndefined();
    expect(s.dataset?.notes).toContain('embedding: embedding, 3-d');
    expect(s.models[0].info?.outputs[0].shape).toEqual([n, 3]);
    const filled = imported.fill(s, pipeline, pipelineKey(pipeline, s.models[0])!);
    expect(Array.from(filled!.vectors.get(s.images[7].hash)!)).toEqual([7, 1, 0]);
    expect(reader.closed.count).toBe(1);
  });

  it('Cancel before the rows are shown changes nothing and ends the reader', async () => {
    const columnsGate = deferred<void>();
    const reader = inProcess({ columns: columnsGate.promise });
    const { store, opener } = setUp(reader);
    void opener.openFile(file);
    await settle();
    expect(store.getState().dataset?.loading).toBe(true);
    opener.cancel();
    expect(reader.closed.count).toBe(1);
    columnsGate.resolve();
    await settle();
    const s = store.getState();
    expect(s.images).toEqual([]);
    expect(s.models).toEqual([]);
    expect(s.dataset).toMatchObject({ name: 'run.parquet', loading: false, cancelled: true });
  });

  it('Cancel while the embedding is read keeps the rows and says the embedding was not read', async () => {
    const reader = inProcess({ embedding: new Promise<void>(() => undefined) });
    const { store, opener } = setUp(reader);
    void opener.openFile(file);
    await vi.waitFor(() => expect(store.getState().dataset?.notes).toContain('neighbour lists: neighbors (2 per row, from the file)'));
    opener.cancel();
    const s = store.getState();
    expect(s.images).toHaveLength(n);
    expect(s.dataset?.read).toBeUndefined();
    expect(s.dataset?.notes).toContain('embedding: embedding: not read (cancelled)');
    expect(reader.closed.count).toBe(1);
  });
});

describe('a dataset whose embedding the tab does not hold whole: a seeded sample, and rows read on demand', () => {
  // 40 rows over a threshold of 10: the sample is 8 rows (maxSampleRows).
  const budget: DatasetBudget = { maxRowsWithDetail: 10, maxEmbeddingValues: 2 ** 27, maxSampleRows: 8 };

  async function openSampled() {
    const reader = inProcess();
    const set = setUp(reader, budget);
    await set.opener.openFile(file);
    const s = set.store.getState();
    const pipeline = s.pipelines[0];
    const key = pipelineKey(pipeline, s.models[0])!;
    /** The vectors the embedding controller would fill in now (and fills them in, as it does). */
    const fill = () => {
      const filled = set.imported.fill(set.store.getState(), pipeline, key);
      if (filled) set.store.setState((st) => ({ embeddings: new Map(st.embeddings).set(key, filled.vectors) }));
      return filled;
    };
    return { ...set, reader, fill };
  }

  it('reads the sample’s vectors only, says so, and lists no image as failed', async () => {
    const { store, reader, fill } = await openSampled();
    const s = store.getState();
    expect(s.images).toHaveLength(n);
    expect(s.dataset?.sample).toEqual({ rows: 8, total: n });
    expect(s.dataset?.notes.find((x) => x.startsWith('embedding:'))).toBe(
      "embedding: embedding, 3-d, of a seeded sample of 8 of 40 rows (40 rows: over 10, not every row's embedding is held): the probe and metrics run on the sample; a clicked point's vector is read when needed",
    );
    const filled = fill()!;
    expect(filled.missing).toEqual([]);
    const held = s.images.flatMap((img, r) => (filled.vectors.get(img.hash) ? [r] : []));
    expect(held).toHaveLength(8);
    // Each held row has its own vector ([r, 1, 0]); the others are null (left out of the probe and metrics).
    for (const r of held) expect(Array.from(filled.vectors.get(s.images[r].hash)!)).toEqual([r, 1, 0]);
    expect(s.images.filter((img) => filled.vectors.get(img.hash) === null)).toHaveLength(n - 8);
    expect(fill()).toBeUndefined();
    // The reader stays open for the rows read on demand.
    expect(reader.closed.count).toBe(0);
  });

  it('a clicked point outside the sample gets its vector from the file; opening another file ends the reader', async () => {
    const { store, reader, fill, opener } = await openSampled();
    fill();
    const s = store.getState();
    const vectors = () => store.getState().embeddings.get([...store.getState().embeddings.keys()][0])!;
    const outside = s.images.findIndex((img) => vectors().get(img.hash) === null);
    store.setState({ preview: { imageId: s.images[outside].id, pipelineId: s.pipelines[0].id } });
    await vi.waitFor(() => expect(store.getState().dataset?.demand?.read).toBe(`row ${outside + 1}`));
    expect(fill()!.missing).toEqual([]);
    expect(Array.from(vectors().get(s.images[outside].hash)!)).toEqual([outside, 1, 0]);
    // Nothing more to read for it: a second click reads nothing.
    store.setState({ preview: undefined });
    store.setState({ preview: { imageId: s.images[outside].id, pipelineId: s.pipelines[0].id } });
    expect(store.getState().dataset?.demand?.reading).toBeUndefined();
    expect(fill()).toBeUndefined();

    await opener.openFile(file);
    expect(reader.closed.count).toBe(1);
  });

  it('Cancel while the sample is read ends the reader: the rows stay, the status says the sample was not read, no row is read on demand', async () => {
    const reader = inProcess({ embedding: new Promise<void>(() => undefined) });
    const { store, opener } = setUp(reader, budget);
    void opener.openFile(file);
    await vi.waitFor(() => expect(store.getState().dataset?.read?.stage).toBe('embedding'));
    opener.cancel();
    const s = store.getState();
    expect(s.images).toHaveLength(n);
    expect(s.dataset?.notes).toContain(
      "embedding: embedding of a seeded sample of 8 of 40 rows (40 rows: over 10, not every row's embedding is held): not read (cancelled)",
    );
    expect(reader.closed.count).toBe(1);
    store.setState({ preview: { imageId: s.images[0].id, pipelineId: s.pipelines[0].id } });
    await settle();
    expect(store.getState().dataset?.demand).toBeUndefined();
  });
});
