/// <reference lib="webworker" />
// Thin comlink adapter around the dataset reader (src/embeddings/lib/datasetFile.ts, datasetLists.ts):
// the Parquet file is read here so the page stays responsive. `open` returns a proxy over the opened
// file, whose calls read its columns, embedding, neighbour lists or a selection's embeddings; typed
// arrays are transferred, never copied. Cancelling terminates the worker.
import * as Comlink from 'comlink';
import {
  blobBuffer,
  openDatasetSource,
  readDatasetColumns,
  type DatasetBudget,
  type DatasetProgress,
  type DatasetTable,
} from '../src/embeddings/lib/datasetFile';
import { readDatasetEmbedding, readDatasetNeighbours } from '../src/embeddings/lib/datasetLists';

type Progress = (p: DatasetProgress) => void;

const buffers = (...arrays: (ArrayBufferView | undefined)[]) => arrays.flatMap((a) => (a ? [a.buffer as ArrayBuffer] : []));

const api = {
  async open(blob: Blob) {
    const source = await openDatasetSource(blobBuffer(blob));
    // What the later reads need of the table (its rows and list columns): the rest goes to the page.
    let plan: Pick<DatasetTable, 'rows' | 'embeddingColumn' | 'embeddingSample' | 'neighboursColumn'> | undefined;
    const opened = () => {
      if (!plan) throw new Error('read the columns first');
      return plan;
    };
    return Comlink.proxy({
      async columns(budget: DatasetBudget, onProgress: Progress): Promise<DatasetTable> {
        const table = await readDatasetColumns(source, budget, onProgress);
        const { rows, embeddingColumn, embeddingSample, neighboursColumn } = table;
        plan = { rows, embeddingColumn, embeddingSample, neighboursColumn };
        const images = table.images?.kind === 'bytes' ? table.images : undefined;
        return Comlink.transfer(table, buffers(table.coords, images?.bytes, images?.offsets));
      },
      async embedding(onProgress: Progress, rows?: Int32Array) {
        const e = await readDatasetEmbedding(source, opened(), { rows, onProgress });
        return Comlink.transfer(e, buffers(e.vectors));
      },
      async neighbours(onProgress: Progress) {
        const n = await readDatasetNeighbours(source, opened(), onProgress);
        return Comlink.transfer(n, buffers(n.offsets, n.ids, n.distances));
      },
    });
  },
};

export type DatasetWorkerApi = typeof api;
Comlink.expose(api);
