/**
 * One table of everything computed per image, for use outside the app: file name, content hash,
 * label, metadata, sky position and, per pipeline, the 2-D coordinates, the probe's prediction and
 * the embedding. Written as CSV (papaparse; embeddings spread over `<prefix>_e<k>` columns) or as
 * Parquet (hyparquet-writer; embeddings as a LIST<FLOAT> column, which pandas and polars read as
 * arrays). Pure: the caller gathers the values from the store.
 */
import { csvTable, type Cell } from './resultTables';
import { parquetWriteBuffer } from 'hyparquet-writer';

export type ExportColumn =
  | { name: string; kind: 'string'; values: (string | null)[] }
  | { name: string; kind: 'float'; values: (number | null)[] }
  | { name: string; kind: 'vector'; values: (Float32Array | null)[] }
  /** Binary cells (e.g. PNG thumbnails): a BYTE_ARRAY column in Parquet; not written to CSV. */
  | { name: string; kind: 'bytes'; values: (Uint8Array | null)[] };

export interface ExportImage {
  name: string;
  hash: string;
  label: string | null;
  meta: Record<string, string>;
  ra: number | null;
  dec: number | null;
}

export interface ExportPipeline {
  /** Column prefix, unique among pipelines. */
  prefix: string;
  /** Per image (same order as the images): coordinates, prediction and embedding, null where absent. */
  xy: ([number, number] | null)[];
  predicted: (string | null)[];
  embedding: (Float32Array | null)[];
}

/** A column-name-safe, unique prefix for each pipeline title ("DINOv2 ViT-S/14 · radio" → "dinov2_vit_s_14_radio"). */
export function pipelinePrefixes(titles: string[]): string[] {
  const used = new Map<string, number>();
  return titles.map((t) => {
    const base =
      t
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '_')
        .replace(/^_+|_+$/g, '')
        .slice(0, 40) || 'pipeline';
    const n = used.get(base) ?? 0;
    used.set(base, n + 1);
    return n === 0 ? base : `${base}_${n + 1}`;
  });
}

export function buildExportTable(images: ExportImage[], pipelines: ExportPipeline[]): ExportColumn[] {
  const metaKeys = [...new Set(images.flatMap((i) => Object.keys(i.meta)))].filter((k) => !['name', 'hash', 'label'].includes(k));
  const columns: ExportColumn[] = [
    { name: 'name', kind: 'string', values: images.map((i) => i.name) },
    { name: 'hash', kind: 'string', values: images.map((i) => i.hash) },
    { name: 'label', kind: 'string', values: images.map((i) => i.label) },
    { name: 'ra_deg', kind: 'float', values: images.map((i) => i.ra) },
    { name: 'dec_deg', kind: 'float', values: images.map((i) => i.dec) },
    ...metaKeys.map((k): ExportColumn => ({ name: `meta_${k}`, kind: 'string', values: images.map((i) => i.meta[k] ?? null) })),
  ];
  for (const p of pipelines) {
    columns.push(
      { name: `${p.prefix}_x`, kind: 'float', values: p.xy.map((v) => v?.[0] ?? null) },
      { name: `${p.prefix}_y`, kind: 'float', values: p.xy.map((v) => v?.[1] ?? null) },
      { name: `${p.prefix}_predicted`, kind: 'string', values: p.predicted },
      { name: `${p.prefix}_embedding`, kind: 'vector', values: p.embedding },
    );
  }
  return columns;
}

/** CSV: vectors spread into numbered columns; empty cells for missing values. */
export function toCsv(columns: ExportColumn[]): string {
  const rows = columns[0]?.values.length ?? 0;
  const header: string[] = [];
  const getters: ((r: number) => Cell)[] = [];
  for (const c of columns) {
    if (c.kind === 'bytes') continue;
    if (c.kind !== 'vector') {
      header.push(c.name);
      getters.push((r) => c.values[r]);
      continue;
    }
    const dim = c.values.find((v) => v)?.length ?? 0;
    for (let k = 0; k < dim; k++) {
      header.push(`${c.name.replace(/_embedding$/, '')}_e${k}`);
      getters.push((r) => c.values[r]?.[k] ?? null);
    }
  }
  const data = Array.from({ length: rows }, (_, r) => getters.map((g) => g(r)));
  return csvTable(header, data);
}

/** Parquet: strings as UTF8, numbers as DOUBLE, vectors as LIST<FLOAT>, bytes as plain BYTE_ARRAY. */
export function toParquet(columns: ExportColumn[]): ArrayBuffer {
  return parquetWriteBuffer({ ...parquetColumns(columns), createdBy: 'Latent Sky' });
}

/** The Parquet schema and column data of `columns`, for hyparquet-writer (also written a row group at a time, as the benchmark does). */
export function parquetColumns(columns: ExportColumn[]): Required<Pick<Parameters<typeof parquetWriteBuffer>[0], 'schema' | 'columnData'>> {
  const schema: Record<string, unknown>[] = [{ name: 'root', num_children: columns.length }];
  const columnData = columns.map((c) => {
    if (c.kind === 'string') schema.push({ name: c.name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' });
    else if (c.kind === 'float') schema.push({ name: c.name, type: 'DOUBLE', repetition_type: 'OPTIONAL' });
    else if (c.kind === 'bytes') schema.push({ name: c.name, type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' });
    else
      schema.push(
        { name: c.name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', type: 'FLOAT', repetition_type: 'REQUIRED' },
      );
    const data = c.kind === 'vector' ? c.values.map((v) => (v ? Array.from(v) : null)) : c.values;
    return { name: c.name, data };
  });
  return { schema: schema as never, columnData: columnData as never };
}
