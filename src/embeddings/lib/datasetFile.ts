/**
 * A dataset Parquet file (what `latent-sky merge` / `project` write, or any table following
 * Embedding Atlas's column conventions) read column by column: one row per image, with its name,
 * label, optional precomputed 2-D coordinates (`projection_x`, `projection_y`), embedding,
 * neighbour lists and image (thumbnail bytes or an image URL). Read in two steps, so the app can
 * draw the rows before the large columns are in: `readDatasetColumns` reads everything that is
 * one value per row (and the thumbnails); `readDatasetEmbedding` / `readDatasetNeighbours`
 * (datasetLists.ts) read the list columns after it. Only the columns the app keeps are read
 * (column projection over an AsyncBuffer, so a 10⁶-row file's embedding column is never fetched
 * when it is not wanted). Pure: the caller supplies the bytes (a File, a download) and decides the budget.
 */
import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { seededSample } from '../../shared/lib/random';

/**
 * What a row's picture comes from: PNG/JPEG bytes in the file (row i's are `bytes[offsets[i], offsets[i + 1])`,
 * empty for none: one buffer, so it crosses from a worker without a copy), or a URL (absolute or relative to the dataset).
 */
export type DatasetImages =
  { kind: 'bytes'; column: string; bytes: Uint8Array; offsets: Float64Array } | { kind: 'url'; column: string; values: (string | null)[] };

/** Reading progress: which step, which column, rows read of all. */
export interface DatasetProgress {
  stage: 'columns' | 'embedding' | 'neighbours';
  column?: string;
  rows: number;
  total: number;
}

export interface DatasetTable {
  rows: number;
  names: string[];
  /** Path column (`path`), else the name. */
  paths: string[];
  /** Content hashes (`hash`), null where absent. */
  hashes: (string | null)[];
  labels: (string | null)[];
  ra: (number | null)[];
  dec: (number | null)[];
  /** `meta_<key>` columns, by key. */
  meta: Record<string, (string | null)[]>;
  /** Precomputed layout, interleaved x0, y0, x1, y1, … (`projection_x`, `projection_y`). */
  coords?: Float32Array;
  /** The embedding, once read (`readDatasetEmbedding`). */
  embedding?: DatasetEmbedding;
  /** The embedding column, when it is to be read (within the budget). */
  embeddingColumn?: string;
  /** Why the file's embedding column is not read whole (too large for the tab), when it is not. */
  embeddingNotLoaded?: string;
  /**
   * When the embedding is not read whole: the column, and the seeded sample of rows (ascending)
   * whose vectors the tab holds instead, for the probe and the metrics. Other rows' vectors are read on demand.
   */
  embeddingSample?: { column: string; rows: Int32Array };
  /** Embedding Atlas's precomputed neighbour lists column (`{ids, distances}` per row), when the file has one. */
  neighboursColumn?: string;
  /** The neighbour lists, once read (`readDatasetNeighbours`). */
  neighbours?: DatasetNeighbours;
  images?: DatasetImages;
  /** Why the file's image column was not read, when it was not. */
  imagesNotLoaded?: string;
  /** Column names as in the file. */
  columns: string[];
}

export interface DatasetEmbedding {
  column: string;
  dim: number;
  /** Row-major, rows × dim (or, for a selection, its rows in the order asked). */
  vectors: Float32Array;
}

/**
 * Precomputed neighbour lists (Embedding Atlas's `neighbors` column): row r's neighbours are
 * `ids[offsets[r], offsets[r + 1])`, 0-based row indices of the file, nearest first, with their
 * cosine distances (1 − cosine similarity). A list may contain the row itself (UMAP's k-NN does).
 */
export interface DatasetNeighbours {
  column: string;
  offsets: Int32Array;
  ids: Int32Array;
  distances: Float32Array;
}

export interface DatasetBudget {
  /** Largest rows × dimension read from the embedding column (float32 values). */
  maxEmbeddingValues: number;
  /** Largest row count for which the embedding and image columns are read whole. */
  maxRowsWithDetail: number;
  /**
   * Largest sample of rows whose embedding is held when the column is not read whole (also at most
   * maxRowsWithDetail rows and maxEmbeddingValues values); DEFAULT_SAMPLE_ROWS when absent.
   */
  maxSampleRows?: number;
}

/** The largest sample held when a dataset's embedding is not held whole (see DEFAULT_BUDGET). */
const DEFAULT_SAMPLE_ROWS = 100_000;
/**
 * Embeddings up to 2²⁷ float32 values (512 MiB, e.g. 10⁵ × 768 is 76.8 M), thumbnails and embeddings
 * up to 250k rows; above, a sample of at most 10⁵ rows: the largest set whose embedding, probe and
 * metrics the tab was measured to hold at once (10⁵ × 768, README "Opening a dataset, measured").
 */
export const DEFAULT_BUDGET: DatasetBudget = { maxEmbeddingValues: 2 ** 27, maxRowsWithDetail: 250_000, maxSampleRows: DEFAULT_SAMPLE_ROWS };
/** The sample's seed: the same file always gives the same sample. */
const SAMPLE_SEED = 1;

/** How many rows of a `dim`-d embedding the tab holds when it does not hold them all. */
export const sampleSize = (budget: DatasetBudget, dim: number): number =>
  Math.max(0, Math.min(budget.maxSampleRows ?? DEFAULT_SAMPLE_ROWS, budget.maxRowsWithDetail, Math.floor(budget.maxEmbeddingValues / Math.max(1, dim))));
export const MAX_DATASET_ROWS = 2_000_000;

const NAME_COLUMNS = ['name', 'filename', 'file_name', 'file', 'id', 'objid'];
const LABEL_COLUMNS = ['label', 'class', 'category'];
const EMBEDDING_COLUMNS = ['embedding', 'embeddings', 'vector', 'vectors', 'embedding_vectors', 'features'];
const IMAGE_COLUMNS = ['thumbnail', 'image', 'img', 'image_bytes'];
const URL_COLUMNS = ['image_url', 'thumbnail_url', 'url'];
const NEIGHBOUR_COLUMNS = ['neighbors', 'neighbours', '__neighbors'];

/** A File (or Blob) as hyparquet's AsyncBuffer: only the byte ranges it asks for are read. */
export const blobBuffer = (blob: Blob): AsyncBuffer => ({ byteLength: blob.size, slice: (start, end) => blob.slice(start, end).arrayBuffer() });

const pick = (columns: string[], wanted: string[]) => wanted.map((w) => columns.find((c) => c.toLowerCase() === w)).find((c) => c !== undefined);

interface ColumnShape {
  name: string;
  /** A LIST (repeated leaf) of numbers, a struct, a byte array (with or without UTF8), or a number. */
  kind: 'list' | 'struct' | 'bytes' | 'string' | 'number' | 'other';
}

function columnShapes(metadata: FileMetaData): ColumnShape[] {
  return parquetSchema(metadata).children.map((child) => {
    const { element } = child;
    const leafRepeated = (node: typeof child): boolean => node.element.repetition_type === 'REPEATED' || node.children.some(leafRepeated);
    let kind: ColumnShape['kind'] = 'other';
    if (child.children.length > 0) kind = leafRepeated(child) ? 'list' : 'struct';
    else if (element.repetition_type === 'REPEATED') kind = 'list';
    else if (element.type === 'BYTE_ARRAY')
      kind = element.converted_type === 'UTF8' || element.logical_type?.type === 'STRING' || element.converted_type === 'JSON' ? 'string' : 'bytes';
    else if (['FLOAT', 'DOUBLE', 'INT32', 'INT64'].includes(element.type ?? '')) kind = 'number';
    return { name: element.name, kind };
  });
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const asString = (v: unknown) =>
  v === null || v === undefined ? null : typeof v === 'string' ? v : v instanceof Uint8Array ? new TextDecoder().decode(v) : String(v);
const asNumber = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null);

/** Image bytes from a cell: raw bytes, or a Hugging Face-style `{bytes, path}` struct as Embedding Atlas reads it. */
function imageBytes(v: unknown): Uint8Array | null {
  if (v instanceof Uint8Array) return v;
  if (v && typeof v === 'object' && (v as { bytes?: unknown }).bytes instanceof Uint8Array) return (v as { bytes: Uint8Array }).bytes;
  return null;
}

/** A dataset file whose footer has been read: what `readDatasetColumns` and the list readers work from. */
export interface DatasetSource {
  file: AsyncBuffer;
  metadata: FileMetaData;
}

/** Reads the footer; a file that is not Parquet, has no rows or too many is refused with the reason. */
export async function openDatasetSource(file: AsyncBuffer): Promise<DatasetSource> {
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (e) {
    throw new Error(`not a readable Parquet file (${describe(e)})`, { cause: e });
  }
  const rows = Number(metadata.num_rows);
  if (rows === 0) throw new Error('the dataset has no rows');
  if (rows > MAX_DATASET_ROWS)
    throw new Error(`the dataset has ${rows.toLocaleString('en')} rows; the app opens at most ${MAX_DATASET_ROWS.toLocaleString('en')}`);
  return { file, metadata };
}

/** True for Embedding Atlas's neighbours column: a struct with `ids` and `distances` lists. */
function isNeighbours(metadata: FileMetaData, column: string): boolean {
  const node = parquetSchema(metadata).children.find((c) => c.element.name === column);
  const fields = new Set(node?.children.map((c) => c.element.name));
  return fields.has('ids') && fields.has('distances');
}

/**
 * Reads every column that is one value per row (names, labels, coordinates, sky positions,
 * metadata) and the pictures, and says which list columns are to be read next. Throws an Error
 * saying what is wrong for anything that is not a dataset: a coordinate column without its
 * partner, non-finite or missing coordinates, nothing to show (neither coordinates nor an embedding).
 */
export async function readDatasetColumns(
  { file, metadata }: DatasetSource,
  budget: DatasetBudget = DEFAULT_BUDGET,
  onProgress?: (p: DatasetProgress) => void,
): Promise<DatasetTable> {
  const rows = Number(metadata.num_rows);
  const shapes = columnShapes(metadata);
  const columns = shapes.map((s) => s.name);
  const shapeOf = (name: string | undefined) => shapes.find((s) => s.name === name)?.kind;

  const x = pick(columns, ['projection_x']);
  const y = pick(columns, ['projection_y']);
  if (!!x !== !!y) throw new Error(`the dataset has ${x ?? y} but not ${x ? 'projection_y' : 'projection_x'}: coordinates need both`);
  const neighboursColumn = columns.find((c) => NEIGHBOUR_COLUMNS.includes(c.toLowerCase()) && isNeighbours(metadata, c));
  const embeddingColumn = pick(columns, EMBEDDING_COLUMNS) ?? shapes.find((s) => s.kind === 'list' && s.name !== neighboursColumn)?.name;
  if (embeddingColumn && shapeOf(embeddingColumn) !== 'list') throw new Error(`the column "${embeddingColumn}" is not a list of numbers per row`);
  if (!x && !embeddingColumn)
    throw new Error('the dataset has neither coordinates (projection_x, projection_y) nor an embedding column (a list of numbers per row): nothing to show');
  const imageColumn = pick(columns, IMAGE_COLUMNS);
  const urlColumn = pick(columns, URL_COLUMNS) ?? (imageColumn && shapeOf(imageColumn) === 'string' ? imageColumn : undefined);
  const nameColumn = pick(columns, NAME_COLUMNS);
  const labelColumn = pick(columns, LABEL_COLUMNS);
  const pathColumn = pick(columns, ['path']);
  const hashColumn = pick(columns, ['hash']);
  const raColumn = pick(columns, ['ra_deg', 'ra']);
  const decColumn = pick(columns, ['dec_deg', 'dec']);
  const metaColumns = columns.filter((c) => c.startsWith('meta_') && shapeOf(c) !== 'list');

  const detail = rows <= budget.maxRowsWithDetail;
  const table: DatasetTable = {
    rows,
    names: [],
    paths: [],
    hashes: new Array<string | null>(rows).fill(null),
    labels: new Array<string | null>(rows).fill(null),
    ra: new Array<number | null>(rows).fill(null),
    dec: new Array<number | null>(rows).fill(null),
    meta: Object.fromEntries(metaColumns.map((c) => [c.slice(5), new Array<string | null>(rows).fill(null)])),
    columns,
    ...(neighboursColumn && { neighboursColumn }),
  };
  const names = new Array<string | null>(rows).fill(null);
  const paths = new Array<string | null>(rows).fill(null);
  const xs = x ? new Float64Array(rows).fill(NaN) : undefined;
  const ys = y ? new Float64Array(rows).fill(NaN) : undefined;

  // The column chunks' value counts give rows × dimension before anything is read: a column too
  // large to hold in the tab is never fetched.
  const values = metadata.row_groups.reduce(
    (sum, rg) => sum + Number(rg.columns.find((c) => c.meta_data?.path_in_schema[0] === embeddingColumn)?.meta_data?.num_values ?? 0),
    0,
  );
  if (embeddingColumn && !detail)
    table.embeddingNotLoaded = `${rows.toLocaleString('en')} rows: over ${budget.maxRowsWithDetail.toLocaleString('en')}, not every row's embedding is held`;
  else if (embeddingColumn && values > budget.maxEmbeddingValues)
    table.embeddingNotLoaded = `${rows.toLocaleString('en')} × ${Math.round(values / rows)} values: over the tab's budget of ${budget.maxEmbeddingValues.toLocaleString('en')}`;
  else if (embeddingColumn) table.embeddingColumn = embeddingColumn;
  const size = embeddingColumn && table.embeddingNotLoaded && values > 0 ? sampleSize(budget, Math.round(values / rows)) : 0;
  if (embeddingColumn && size > 0) table.embeddingSample = { column: embeddingColumn, rows: Int32Array.from(seededSample(rows, size, SAMPLE_SEED)) };
  const readImages = !!(imageColumn || urlColumn) && detail;
  if ((imageColumn || urlColumn) && !detail)
    table.imagesNotLoaded = `${rows.toLocaleString('en')} rows: over ${budget.maxRowsWithDetail.toLocaleString('en')}, thumbnails are not kept`;
  const imageKind: 'bytes' | 'url' | undefined = imageColumn && shapeOf(imageColumn) !== 'string' ? 'bytes' : urlColumn ? 'url' : undefined;
  const imageCol = imageKind === 'bytes' ? imageColumn : urlColumn;
  const images: (Uint8Array | string | null)[] = readImages ? new Array(rows).fill(null) : [];

  const wanted = [nameColumn, pathColumn, hashColumn, labelColumn, raColumn, decColumn, x, y, ...metaColumns];
  if (readImages) wanted.push(imageCol);
  const read = [...new Set(wanted.filter((c): c is string => !!c))];

  const into = (target: unknown[], values: ArrayLike<unknown>, start: number, convert: (v: unknown) => unknown) => {
    for (let i = 0; i < values.length && start + i < rows; i++) target[start + i] = convert(values[i]);
  };
  const onChunk = ({ columnName, columnData, rowStart }: { columnName: string; columnData: ArrayLike<unknown>; rowStart: number }) => {
    if (columnName === nameColumn) into(names, columnData, rowStart, asString);
    if (columnName === pathColumn) into(paths, columnData, rowStart, asString);
    if (columnName === hashColumn) into(table.hashes, columnData, rowStart, asString);
    if (columnName === labelColumn) into(table.labels, columnData, rowStart, asString);
    if (columnName === raColumn) into(table.ra, columnData, rowStart, asNumber);
    if (columnName === decColumn) into(table.dec, columnData, rowStart, asNumber);
    if (columnName.startsWith('meta_') && table.meta[columnName.slice(5)]) into(table.meta[columnName.slice(5)], columnData, rowStart, asString);
    if (xs && columnName === x) for (let i = 0; i < columnData.length; i++) xs[rowStart + i] = asNumber(columnData[i]) ?? NaN;
    if (ys && columnName === y) for (let i = 0; i < columnData.length; i++) ys[rowStart + i] = asNumber(columnData[i]) ?? NaN;
    if (readImages && columnName === imageCol) into(images, columnData, rowStart, imageKind === 'bytes' ? imageBytes : asString);
    onProgress?.({ stage: 'columns', column: columnName, rows: Math.min(rows, rowStart + columnData.length), total: rows });
  };
  try {
    await parquetRead({ file, metadata, columns: read, utf8: false, onChunk });
  } catch (e) {
    throw new Error(`could not read the dataset (${describe(e)})`, { cause: e });
  }

  for (let i = 0; i < rows; i++) {
    table.names.push(names[i] ?? paths[i] ?? `row ${i + 1}`);
    table.paths.push(paths[i] ?? table.names[i]);
  }
  if (xs && ys) {
    const bad = xs.findIndex((v, i) => !Number.isFinite(v) || !Number.isFinite(ys[i]));
    if (bad >= 0) throw new Error(`row ${bad + 1} (${table.names[bad]}) has no finite projection_x / projection_y: every row needs coordinates`);
    table.coords = new Float32Array(2 * rows);
    for (let i = 0; i < rows; i++) {
      table.coords[2 * i] = xs[i];
      table.coords[2 * i + 1] = ys[i];
    }
  }
  if (!table.coords && !table.embeddingColumn) throw new Error(`the dataset has no coordinates and its embedding was not loaded (${table.embeddingNotLoaded})`);
  if (readImages && imageCol)
    table.images =
      imageKind === 'bytes' ? packImages(imageCol, images as (Uint8Array | null)[]) : { kind: 'url', column: imageCol, values: images as (string | null)[] };
  return table;
}

/** Every row's picture bytes in one buffer (row i's are `bytes[offsets[i], offsets[i + 1])`). */
function packImages(column: string, values: (Uint8Array | null)[]): DatasetImages {
  const offsets = new Float64Array(values.length + 1);
  values.forEach((v, i) => (offsets[i + 1] = offsets[i] + (v?.length ?? 0)));
  const bytes = new Uint8Array(offsets[values.length]);
  values.forEach((v, i) => v && bytes.set(v, offsets[i]));
  return { kind: 'bytes', column, bytes, offsets };
}
