/**
 * Embeddings computed elsewhere (on a cluster, in Python) read from Parquet, CSV or .npy, so they
 * can be explored without running a model in the browser. Each table gives one or more embedding
 * sets, each a name per row (file name or content hash) and a vector per row.
 */
import Papa from 'papaparse';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { readNpy } from '../../shared/lib/npy';

export interface EmbeddingSet {
  /** What the set is called (the column, or the file). */
  label: string;
  names: string[];
  dim: number;
  /** Row-major names.length × dim. */
  vectors: Float32Array;
}

const NAME_COLUMNS = ['name', 'filename', 'file_name', 'file', 'id', 'hash', 'objid'];
const MAX_ROWS = 1_000_000;

function nameColumn(columns: string[]): string {
  const found = NAME_COLUMNS.map((n) => columns.find((c) => c.toLowerCase() === n)).find(Boolean);
  if (!found) throw new Error(`no column naming the images (one of: ${NAME_COLUMNS.join(', ')})`);
  return found;
}

function pack(label: string, names: string[], rows: ArrayLike<number>[]): EmbeddingSet {
  const dim = rows[0]?.length ?? 0;
  if (dim === 0) throw new Error(`${label}: no embedding values`);
  const vectors = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => {
    if (r.length !== dim) throw new Error(`${label}: row ${i + 1} has ${r.length} values, expected ${dim}`);
    vectors.set(r, i * dim);
  });
  if (vectors.some((v) => !Number.isFinite(v))) throw new Error(`${label}: contains NaN or infinite values`);
  return { label, names, dim, vectors };
}

/** Parquet: every LIST-of-number column is an embedding set, named by its column. */
export async function embeddingsFromParquet(bytes: Uint8Array): Promise<EmbeddingSet[]> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let metadata;
  try {
    metadata = parquetMetadata(file);
  } catch (e) {
    throw new Error(`not a readable Parquet file (${e instanceof Error ? e.message : e})`, { cause: e });
  }
  if (Number(metadata.num_rows) > MAX_ROWS) throw new Error(`the Parquet file has ${metadata.num_rows} rows, over the ${MAX_ROWS} limit`);
  const rows = (await parquetReadObjects({ file, metadata })) as Record<string, unknown>[];
  if (rows.length === 0) throw new Error('the Parquet file has no rows');
  const columns = Object.keys(rows[0]);
  const names = nameColumn(columns);
  const vectorColumns = columns.filter((c) => rows.some((r) => Array.isArray(r[c]) || ArrayBuffer.isView(r[c])));
  if (vectorColumns.length === 0) throw new Error('no embedding column (a list of numbers per row) in the Parquet file');
  return vectorColumns.flatMap((c) => {
    const kept = rows.filter((r) => r[c] != null && r[names] != null);
    return kept.length
      ? [
          pack(
            c,
            kept.map((r) => String(r[names])),
            kept.map((r) => Array.from(r[c] as ArrayLike<number>, Number)),
          ),
        ]
      : [];
  });
}

/**
 * CSV: a name column and numeric columns. Columns `<prefix>_e<k>` (as Latent Sky exports them) form
 * one set per prefix; otherwise every numeric column other than the name is one coordinate.
 */
export function embeddingsFromCsv(text: string, label: string): EmbeddingSet[] {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
  const columns = parsed.meta.fields ?? [];
  const names = nameColumn(columns);
  const rows = parsed.data;
  if (rows.length > MAX_ROWS) throw new Error(`the CSV has ${rows.length} rows, over the ${MAX_ROWS} limit`);
  const groups = new Map<string, string[]>();
  for (const c of columns) {
    const m = /^(.*)_e(\d+)$/.exec(c);
    if (m) groups.set(m[1], [...(groups.get(m[1]) ?? []), c]);
  }
  if (groups.size === 0) {
    const numeric = columns.filter((c) => c !== names && rows.every((r) => r[c] !== undefined && r[c] !== '' && Number.isFinite(Number(r[c]))));
    if (numeric.length < 2) throw new Error('no embedding columns (numeric columns, or <name>_e0, <name>_e1, …) in the CSV');
    groups.set(label, numeric);
  }
  return [...groups].flatMap(([prefix, cols]) => {
    const kept = rows.filter((r) => cols.every((c) => r[c] !== undefined && r[c] !== ''));
    return kept.length
      ? [
          pack(
            prefix,
            kept.map((r) => r[names]),
            kept.map((r) => cols.map((c) => Number(r[c]))),
          ),
        ]
      : [];
  });
}

/** .npy: an N × D array, with the names of its rows from a companion text file (one per line) or CSV name column. */
export function embeddingsFromNpy(bytes: Uint8Array, namesText: string, label: string): EmbeddingSet {
  const { shape, data } = readNpy(bytes);
  if (shape.length !== 2) throw new Error(`${label}: expected an N × D array, got shape (${shape.join(', ')})`);
  const lines = namesText
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const first = lines[0]?.split(',');
  const names =
    first && first.length > 1
      ? Papa.parse<Record<string, string>>(namesText, { header: true, skipEmptyLines: true }).data.map((r) => r[nameColumn(Object.keys(r))])
      : lines;
  if (names.length !== shape[0]) throw new Error(`${label}: ${shape[0]} rows but ${names.length} names`);
  if (data.some((v) => !Number.isFinite(v))) throw new Error(`${label}: contains NaN or infinite values`);
  return { label, names, dim: shape[1], vectors: data };
}
