import { describe, expect, it } from 'vitest';
import { parquetReadObjects, type AsyncBuffer } from 'hyparquet';
import { openDatasetSource, readDatasetColumns } from '../../src/embeddings/lib/datasetFile';
import { readDatasetEmbedding, readDatasetNeighbours } from '../../src/embeddings/lib/datasetLists';
import type { ExportColumn } from '../../src/export/lib/exportTable';
import { datasetParquet, type NeighbourList } from './support/datasetParquet';

const n = 250;
const dim = 24;
const names = Array.from({ length: n }, (_, i) => `row_${i}.png`);
const base: ExportColumn[] = [
  { name: 'name', kind: 'string', values: names },
  { name: 'projection_x', kind: 'float', values: names.map((_, i) => i) },
  { name: 'projection_y', kind: 'float', values: names.map((_, i) => -i) },
];
const vector = (i: number) => Float32Array.from({ length: dim }, (_, k) => Math.sin(i * 31 + k));
const embedding: ExportColumn = { name: 'embedding', kind: 'vector', values: names.map((_, i) => vector(i)) };
/** Row i's neighbours: itself first (as UMAP's k-NN lists it), then i+1, i+2, i+3 (mod n); row 7 has none. */
const lists: NeighbourList[] = names.map((_, i) =>
  i === 7 ? null : { ids: [i, (i + 1) % n, (i + 2) % n, (i + 3) % n], distances: [0, 0.25, 0.5, 0.75 + i / 1000] },
);

/** An AsyncBuffer that counts the bytes it was asked for. */
function counting(buffer: ArrayBuffer): AsyncBuffer & { read: number } {
  const b = { byteLength: buffer.byteLength, read: 0, slice: (s: number, e?: number) => ((b.read += (e ?? buffer.byteLength) - s), buffer.slice(s, e)) };
  return b;
}

describe('a dataset’s list columns, read page by page into typed arrays', () => {
  it('reads the embedding over several row groups exactly as hyparquet’s own reader assembles it', async () => {
    const bytes = datasetParquet([...base, embedding], undefined, 60);
    const source = await openDatasetSource(bytes);
    const table = await readDatasetColumns(source);
    expect(table.embeddingColumn).toBe('embedding');
    expect(table.embedding).toBeUndefined();
    const seen: number[] = [];
    const e = await readDatasetEmbedding(source, table, { onProgress: (p) => seen.push(p.rows) });
    const rows = (await parquetReadObjects({ file: bytes, columns: ['embedding'] })) as { embedding: number[] }[];
    expect(e.dim).toBe(dim);
    expect(Array.from(e.vectors)).toEqual(rows.flatMap((r) => r.embedding));
    expect(seen.at(-1)).toBe(n);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('reads only a selection’s rows, in the order asked, and skips the row groups without one', async () => {
    const bytes = datasetParquet([...base, embedding], undefined, 50);
    const source = await openDatasetSource(bytes);
    const table = await readDatasetColumns(source);
    const rows = Int32Array.of(201, 3, 249, 3, 0);
    const e = await readDatasetEmbedding(source, table, { rows });
    expect(e.vectors).toHaveLength(rows.length * dim);
    rows.forEach((r, i) => expect(Array.from(e.vectors.subarray(i * dim, (i + 1) * dim))).toEqual(Array.from(vector(r))));
    // Rows 0–49 and 200–249: two of the five row groups' embedding chunks.
    const buffer = counting(bytes);
    const one = await openDatasetSource(buffer);
    const before = buffer.read;
    await readDatasetEmbedding(one, table, { rows: Int32Array.of(3) });
    expect(buffer.read - before).toBeLessThan((n * dim * 4) / 4);
    await expect(readDatasetEmbedding(source, table, { rows: Int32Array.of(n) })).rejects.toThrow(/row 250 is not a row of the dataset/);
  });

  it('reads Embedding Atlas’s neighbors column ({ids, distances} per row) and never takes it for the embedding', async () => {
    const source = await openDatasetSource(datasetParquet(base, lists, 64));
    const table = await readDatasetColumns(source);
    expect(table.neighboursColumn).toBe('neighbors');
    expect(table.embeddingColumn).toBeUndefined();
    const got = await readDatasetNeighbours(source, table);
    expect(got.offsets).toHaveLength(n + 1);
    expect(got.offsets[7]).toBe(28);
    expect(got.offsets[8]).toBe(28); // row 7 has no list
    expect(Array.from(got.ids.subarray(got.offsets[249], got.offsets[250]))).toEqual([249, 0, 1, 2]);
    expect(Array.from(got.distances.subarray(got.offsets[249], got.offsets[250]))).toEqual([0, 0.25, 0.5, Math.fround(0.75 + 0.249)]);
  });

  it('refuses neighbour ids that are not rows of the file and lists whose ids and distances differ in length', async () => {
    const outside = lists.map((l, i) => (i === 9 ? { ids: [n + 5], distances: [0.1] } : l));
    const a = await openDatasetSource(datasetParquet(base, outside));
    await expect(readDatasetNeighbours(a, await readDatasetColumns(a))).rejects.toThrow(/names row 255, which the dataset does not have/);
    const uneven = lists.map((l, i) => (i === 11 ? { ids: [1, 2], distances: [0.1] } : l));
    const b = await openDatasetSource(datasetParquet(base, uneven));
    await expect(readDatasetNeighbours(b, await readDatasetColumns(b))).rejects.toThrow(/row 12: the neighbors column has 2 ids but 1 distances/);
  });
});
