/**
 * One output row per image, and its Parquet form. Columns follow the app's own export
 * (src/export/lib/exportTable.ts writes them: strings UTF8, numbers DOUBLE, the embedding a
 * LIST<FLOAT>): name, path, hash, label, ra_deg, dec_deg, meta_<key>…, embedding, and with
 * `--thumbnails` a `thumbnail` (PNG bytes); row-group checkpoints also carry `error` (the reason
 * an image was not embedded).
 */
import { readFileSync } from 'node:fs';
import { asyncBufferFromFile, parquetMetadata, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import { listLeafPath, readListColumn } from '../embeddings/lib/parquetLists';
import { toParquet, type ExportColumn } from '../export/lib/exportTable';

export interface Row {
  name: string;
  path: string;
  /** The app's content hash (src/shared/lib/hash.ts). */
  hash: string | null;
  label: string | null;
  ra: number | null;
  dec: number | null;
  meta: Record<string, string>;
  embedding: Float32Array | null;
  error: string | null;
  /** A small PNG of the image as the app displays it (`embed --thumbnails`), when the run made one. */
  thumbnail?: Uint8Array | null;
  /** `projection_x`, `projection_y` when the file has them (read only: `latent-sky project` writes them as extra columns). */
  projection?: [number, number];
}

const FIXED = ['name', 'path', 'hash', 'label', 'ra_deg', 'dec_deg', 'embedding', 'thumbnail', 'error', 'projection_x', 'projection_y'];

/** What a dataset's schema depends on besides the fixed columns: fixed once for all its row groups. */
export interface RowsShape {
  metaKeys: string[];
  /** A dataset has thumbnails for every row or for none. */
  thumbnails: boolean;
}

export function rowsShape(rows: readonly Row[]): RowsShape {
  return { metaKeys: [...new Set(rows.flatMap((r) => Object.keys(r.meta)))].sort(), thumbnails: rows.some((r) => r.thumbnail) };
}

/** The columns of `rows`; `extra` columns (e.g. the projection's coordinates) go after the sky position. */
export function rowColumns(rows: readonly Row[], withError: boolean, extra: ExportColumn[] = [], shape = rowsShape(rows)): ExportColumn[] {
  return [
    { name: 'name', kind: 'string', values: rows.map((r) => r.name) },
    { name: 'path', kind: 'string', values: rows.map((r) => r.path) },
    { name: 'hash', kind: 'string', values: rows.map((r) => r.hash) },
    { name: 'label', kind: 'string', values: rows.map((r) => r.label) },
    { name: 'ra_deg', kind: 'float', values: rows.map((r) => r.ra) },
    { name: 'dec_deg', kind: 'float', values: rows.map((r) => r.dec) },
    ...extra,
    ...shape.metaKeys.map((k): ExportColumn => ({ name: `meta_${k}`, kind: 'string', values: rows.map((r) => r.meta[k] ?? null) })),
    { name: 'embedding', kind: 'vector', values: rows.map((r) => r.embedding) },
    ...(shape.thumbnails ? [{ name: 'thumbnail', kind: 'bytes', values: rows.map((r) => r.thumbnail ?? null) } as ExportColumn] : []),
    ...(withError ? [{ name: 'error', kind: 'string', values: rows.map((r) => r.error) } as ExportColumn] : []),
  ];
}

export function rowsToParquet(rows: readonly Row[], withError: boolean, extra: ExportColumn[] = []): Uint8Array {
  return new Uint8Array(toParquet(rowColumns(rows, withError, extra)));
}

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const num = (v: unknown) => (typeof v === 'number' ? v : null);

export async function readRows(path: string): Promise<Row[]> {
  const bytes = readFileSync(path);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let metadata;
  try {
    metadata = parquetMetadata(file);
  } catch (e) {
    throw new Error(`${path} is not a readable Parquet file (${e instanceof Error ? e.message : e})`, { cause: e });
  }
  // utf8: false keeps the thumbnail's bytes as bytes (UTF8-annotated columns are still strings).
  const objects = (await parquetReadObjects({ file, metadata, utf8: false })) as Record<string, unknown>[];
  return objects.map(objectToRow);
}

/**
 * The rows of a dataset one row group at a time, the file read from disk as needed (a 10⁶ × 768
 * dataset is ~3 GB: neither it nor hyparquet's JS numbers for all of it need to be in memory at once).
 */
export async function readRowGroups(
  path: string,
  onGroup: (rows: Row[], start: number, total: number) => void,
  { withoutEmbedding = false }: { withoutEmbedding?: boolean } = {},
): Promise<void> {
  const { file, metadata } = await openParquet(path);
  const total = Number(metadata.num_rows);
  // Every top-level column but the embedding (read with readEmbeddings instead: hyparquet's row assembly of it is the slow part).
  const columns = withoutEmbedding ? parquetSchema(metadata).children.flatMap((c) => (c.element.name === 'embedding' ? [] : [c.element.name])) : undefined;
  let start = 0;
  for (const group of metadata.row_groups) {
    const end = start + Number(group.num_rows);
    const objects = (await parquetReadObjects({ file, metadata, utf8: false, rowStart: start, rowEnd: end, columns })) as Record<string, unknown>[];
    onGroup(objects.map(objectToRow), start, total);
    start = end;
  }
}

async function openParquet(path: string) {
  const file = await asyncBufferFromFile(path);
  try {
    return { file, metadata: await parquetMetadataAsync(file) };
  } catch (e) {
    throw new Error(`${path} is not a readable Parquet file (${e instanceof Error ? e.message : e})`, { cause: e });
  }
}

/**
 * Every row's embedding in one row-major block, decoded a data page at a time
 * (src/embeddings/lib/parquetLists.ts: ~5× faster than hyparquet's row assembly at 10⁵ × 768).
 * `lengths` holds each row's number of values, so the caller can refuse ragged or missing embeddings.
 */
export async function readEmbeddings(
  path: string,
  onRows?: (rows: number, total: number) => void,
): Promise<{ vectors: Float32Array; dim: number; lengths: Int32Array }> {
  const { file, metadata } = await openParquet(path);
  const total = Number(metadata.num_rows);
  const leaf = listLeafPath(metadata, ['embedding']);
  const values = metadata.row_groups.reduce(
    (s, g) => s + Number(g.columns.find((c) => c.meta_data?.path_in_schema.join('.') === leaf.join('.'))?.meta_data?.num_values ?? 0),
    0,
  );
  const dim = total > 0 ? Math.round(values / total) : 0;
  const vectors = new Float32Array(total * dim);
  const lengths = new Int32Array(total);
  await readListColumn(
    file,
    metadata,
    leaf,
    (row, page, start, end) => {
      const at = row * dim + lengths[row];
      lengths[row] += end - start;
      if (lengths[row] > dim) return;
      if (ArrayBuffer.isView(page)) vectors.set((page as Float32Array).subarray(start, end), at);
      else for (let k = start; k < end; k++) vectors[at + k - start] = Number(page[k]);
    },
    { onRows: (rows) => onRows?.(rows, total) },
  );
  return { vectors, dim, lengths };
}

function objectToRow(o: Record<string, unknown>): Row {
  return {
    name: String(o.name),
    path: String(o.path),
    hash: str(o.hash),
    label: str(o.label),
    ra: num(o.ra_deg),
    dec: num(o.dec_deg),
    meta: Object.fromEntries(
      Object.entries(o)
        .filter(([k, v]) => k.startsWith('meta_') && !FIXED.includes(k) && v != null)
        .map(([k, v]) => [k.slice(5), String(v)]),
    ),
    embedding: o.embedding == null ? null : Float32Array.from(o.embedding as ArrayLike<number>),
    error: str(o.error),
    ...(o.thumbnail instanceof Uint8Array && { thumbnail: o.thumbnail }),
    ...(typeof o.projection_x === 'number' && typeof o.projection_y === 'number' && { projection: [o.projection_x, o.projection_y] as [number, number] }),
  };
}
