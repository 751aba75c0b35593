/**
 * Rows' vectors read on demand, for an opened dataset whose embedding the tab does not hold whole
 * (above 250,000 rows, or over the budget of values): the file stays open in its reader worker, and
 * when the user opens the preview of a point (a click) whose vector is not held, that row's vector
 * is read — one row group of the column — and given to the dataset's model, so its computed
 * nearest neighbours (among the rows held) and everything else per image have its vector. The
 * opener (datasetOpener.ts) attaches the reader once the rows are shown and detaches it when
 * another file is opened or the reading is cancelled.
 */
import type { DatasetEmbedding, DatasetProgress } from './lib/datasetFile';
import type { ImportedEmbeddings } from './importer';
import { subscribeToSlices, type DatasetStatus, type LatentSkyState, type LatentSkyStoreApi } from '../state/store';

export interface DatasetRowsDeps {
  store: Pick<LatentSkyStoreApi, 'getState' | 'setState' | 'subscribe'>;
  imported: Pick<ImportedEmbeddings, 'provideRows' | 'rowsNotHeld'>;
}

/** What reading rows on demand needs of an opened dataset. */
export interface OnDemandDataset {
  /** The opened file's reader (datasetOpener.ts `DatasetReader`): the given rows' embedding. */
  reader: { embedding(onProgress: (p: DatasetProgress) => void, rows: Int32Array): Promise<DatasetEmbedding> };
  modelId: string;
  /** The image of each row, in row order. */
  imageIds: string[];
}

export type DatasetRows = ReturnType<typeof createDatasetRows>;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function createDatasetRows({ store, imported }: DatasetRowsDeps) {
  let open: (OnDemandDataset & { rowOf: Map<string, number> }) | undefined;
  let unsubscribe: (() => void) | undefined;

  const demand = (patch: DatasetStatus['demand']) => store.setState((s) => (s.dataset ? { dataset: { ...s.dataset, demand: patch } } : {}));

  /** Reads the given rows' vectors (those not held yet) and gives them to the dataset's model; resolves when they are in. */
  async function load(imageIds: string[]): Promise<void> {
    const session = open;
    if (!session) return;
    const rows = imported.rowsNotHeld(
      session.modelId,
      imageIds.flatMap((id) => session.rowOf.get(id) ?? []),
    );
    if (rows.length === 0) return;
    const what = rows.length === 1 ? `row ${(rows[0] + 1).toLocaleString('en')}` : `${rows.length.toLocaleString('en')} rows`;
    demand({ reading: what });
    const started = performance.now();
    try {
      const e = await session.reader.embedding(() => undefined, rows);
      if (open !== session) return;
      imported.provideRows(session.modelId, rows, e.dim, e.vectors);
      demand({ read: what, seconds: (performance.now() - started) / 1000 });
    } catch (err) {
      if (open === session) demand({ error: `could not read the embedding of ${what}: ${message(err)}` });
    }
  }

  /** The previewed image's vector, when it belongs to the dataset and is not held. */
  const onPreview = (s: LatentSkyState) => {
    const id = s.preview?.imageId;
    if (id && open?.rowOf.has(id)) void load([id]);
  };

  return {
    load,
    /** The opened dataset reads rows on demand from now on (the previewed image's at once). */
    attach(dataset: OnDemandDataset): void {
      open = { ...dataset, rowOf: new Map(dataset.imageIds.map((id, r) => [id, r])) };
      unsubscribe ??= subscribeToSlices(store, (s) => [s.preview], onPreview);
      onPreview(store.getState());
    },
    /** No more rows are read (another file was opened, or the reading cancelled); a read under way is dropped. */
    detach(): void {
      open = undefined;
      unsubscribe?.();
      unsubscribe = undefined;
    },
    /** True while a dataset's rows can be read on demand. */
    attached: () => open !== undefined,
  };
}
