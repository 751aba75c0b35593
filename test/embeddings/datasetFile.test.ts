import { describe, expect, it } from 'vitest';
import type { AsyncBuffer } from 'hyparquet';
import { readDataset } from '../../src/embeddings/lib/readDataset';
import { openDatasetSource } from '../../src/embeddings/lib/datasetFile';
import { readDatasetEmbedding } from '../../src/embeddings/lib/datasetLists';
import { toParquet, type ExportColumn } from '../../src/export/lib/exportTable';

const n = 300;
const names = Array.from({ length: n }, (_, i) => `cutout_${i}.png`);
const column = {
  name: { name: 'name', kind: 'string', values: names } as ExportColumn,
  label: { name: 'label', kind: 'string', values: names.map((_, i) => (i % 3 === 2 ? null : i % 3 ? 'FRII' : 'FRI')) } as ExportColumn,
  x: { name: 'projection_x', kind: 'float', values: names.map((_, i) => i / 7) } as ExportColumn,
  y: { name: 'projection_y', kind: 'float', values: names.map((_, i) => -i / 3) } as ExportColumn,
  embedding: { name: 'embedding', kind: 'vector', values: names.map((_, i) => Float32Array.from({ length: 16 }, (_, k) => i + k / 16)) } as ExportColumn,
  thumbnail: { name: 'thumbnail', kind: 'bytes', values: names.map((_, i) => Uint8Array.of(0x89, 0x50, i % 256)) } as ExportColumn,
};
const file = (...columns: ExportColumn[]) => toParquet(columns);

/** An AsyncBuffer that counts the bytes it was asked for. */
function counting(buffer: ArrayBuffer): AsyncBuffer & { read: number } {
  const b = { byteLength: buffer.byteLength, read: 0, slice: (s: number, e?: number) => ((b.read += (e ?? buffer.byteLength) - s), buffer.slice(s, e)) };
  return b;
}

describe('readDataset: a latent-sky / Embedding Atlas Parquet file, column by column', () => {
  it('reads names, labels, coordinates, embeddings and thumbnail bytes, row for row', async () => {
    const t = await readDataset(file(column.name, column.label, column.x, column.y, column.embedding, column.thumbnail));
    expect(t.rows).toBe(n);
    expect(t.names).toEqual(names);
    expect(t.labels.slice(0, 3)).toEqual(['FRI', 'FRII', null]);
    expect(Array.from(t.coords!.subarray(2 * 299, 2 * 300))).toEqual([Math.fround(299 / 7), Math.fround(-299 / 3)]);
    expect(t.embedding!.dim).toBe(16);
    expect(Array.from(t.embedding!.vectors.subarray(16 * 5, 16 * 5 + 2))).toEqual([5, 5 + 1 / 16]);
    expect(t.images!.kind).toBe('bytes');
    const images = t.images as Extract<typeof t.images, { kind: 'bytes' }>;
    expect(Array.from(images.bytes.subarray(images.offsets[260], images.offsets[261]))).toEqual([0x89, 0x50, 4]);
  });

  it('takes image URLs (Embedding Atlas-style string image column) and coordinates without an embedding', async () => {
    const urls: ExportColumn = { name: 'image', kind: 'string', values: names.map((n) => `https://cdn.example.org/${n}`) };
    const t = await readDataset(file(column.name, column.x, column.y, urls));
    expect(t.images).toEqual({ kind: 'url', column: 'image', values: names.map((n) => `https://cdn.example.org/${n}`) });
    expect(t.embedding).toBeUndefined();
    expect(t.coords).toHaveLength(2 * n);
  });

  it('over the budget keeps coordinates and labels and never reads the embedding or thumbnail columns', async () => {
    // 300 × 2048 floats (2.4 MB): larger than what hyparquet fetches at once for the footer (512 kB).
    const wide: ExportColumn = {
      name: 'embedding',
      kind: 'vector',
      values: names.map((_, i) => Float32Array.from({ length: 2048 }, (_, k) => Math.sin(i * k))),
    };
    const bytes = file(column.name, column.label, column.x, column.y, wide, column.thumbnail);
    const whole = await readDataset(counting(bytes));
    const buffer = counting(bytes);
    const t = await readDataset(buffer, { maxRowsWithDetail: 100, maxEmbeddingValues: 2 ** 27 });
    expect(t.embedding).toBeUndefined();
    expect(t.images).toBeUndefined();
    expect(t.embeddingNotLoaded).toMatch(/300 rows: over 100/);
    expect(t.imagesNotLoaded).toMatch(/thumbnails are not kept/);
    expect(t.labels).toEqual(whole.labels);
    expect(t.coords).toEqual(whole.coords);
    expect(buffer.read).toBeLessThan(bytes.byteLength / 3);
    // Instead, a seeded sample of rows (at most maxRowsWithDetail), the same at every opening, whose vectors are read on their own.
    const sample = t.embeddingSample!;
    expect(sample.column).toBe('embedding');
    expect(sample.rows).toHaveLength(100);
    expect(Array.from(sample.rows)).toEqual([...sample.rows].sort((a, b) => a - b));
    expect(new Set(sample.rows).size).toBe(100);
    expect((await readDataset(counting(bytes), { maxRowsWithDetail: 100, maxEmbeddingValues: 2 ** 27 })).embeddingSample?.rows).toEqual(sample.rows);
    const read = await readDatasetEmbedding(await openDatasetSource(counting(bytes)), t, { rows: sample.rows });
    sample.rows.forEach((r, i) => expect(read.vectors.subarray(i * 2048, (i + 1) * 2048)).toEqual(whole.embedding!.vectors.subarray(r * 2048, (r + 1) * 2048)));
    expect((await readDataset(counting(bytes), { maxRowsWithDetail: 100, maxEmbeddingValues: 2 ** 27, maxSampleRows: 30 })).embeddingSample?.rows).toHaveLength(
      30,
    );
    const smallBuffer = counting(bytes);
    const small = await readDataset(smallBuffer, { maxRowsWithDetail: 1000, maxEmbeddingValues: 1000 });
    expect(small.embedding).toBeUndefined();
    expect(small.embeddingNotLoaded).toMatch(/300 × 2048 values: over the tab's budget/);
    expect(small.embeddingSample).toBeUndefined(); // not even one row fits 1,000 values
    expect(smallBuffer.read).toBeLessThan(bytes.byteLength / 3);
  });

  it('refuses what is not a dataset, saying why', async () => {
    await expect(readDataset(new TextEncoder().encode('name,label\na,b\n').buffer)).rejects.toThrow(/not a readable Parquet file/);
    await expect(readDataset(file(column.name, column.x, column.embedding))).rejects.toThrow(/has projection_x but not projection_y/);
    await expect(readDataset(file(column.name, column.label))).rejects.toThrow(/neither coordinates .* nor an embedding column/);
    const holey: ExportColumn = { name: 'projection_y', kind: 'float', values: names.map((_, i) => (i === 41 ? null : i)) };
    await expect(readDataset(file(column.name, column.x, holey))).rejects.toThrow(/row 42 \(cutout_41\.png\) has no finite projection_x/);
    const ragged: ExportColumn = { name: 'embedding', kind: 'vector', values: names.map((_, i) => new Float32Array(i === 7 ? 3 : 4)) };
    await expect(readDataset(file(column.name, ragged))).rejects.toThrow(/row 8: the embedding has 3 values, the other rows 4/);
    const nan: ExportColumn = { name: 'embedding', kind: 'vector', values: names.map((_, i) => Float32Array.of(i === 9 ? NaN : 1, 2)) };
    await expect(readDataset(file(column.name, nan))).rejects.toThrow(/NaN or infinite/);
    await expect(readDataset(file({ name: 'name', kind: 'string', values: [] }, { name: 'projection_x', kind: 'float', values: [] }))).rejects.toThrow(
      /no rows|projection_y/,
    );
  });
});
