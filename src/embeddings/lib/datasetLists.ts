/**
 * A dataset's list columns, read after its one-value-per-row columns (datasetFile.ts): the
 * embedding (every row, or only a selection's rows, as one row-major Float32Array) and Embedding
 * Atlas's precomputed neighbour lists. Both go through parquetLists.ts, which copies each data
 * page's values straight into typed arrays. Pure.
 */
import type { DatasetEmbedding, DatasetNeighbours, DatasetProgress, DatasetSource, DatasetTable } from './datasetFile';
import { listLeafPath, readListColumn } from './parquetLists';

const describe = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Where each wanted row's values go: row r of the file to output row `slot.get(r)` (its first place in the selection). */
function selection(rows: Int32Array, total: number) {
  const slot = new Map<number, number>();
  rows.forEach((r, i) => {
    if (r < 0 || r >= total) throw new Error(`row ${r} is not a row of the dataset (0…${total - 1})`);
    if (!slot.has(r)) slot.set(r, i);
  });
  let first = total;
  let last = -1;
  for (const r of slot.keys()) [first, last] = [Math.min(first, r), Math.max(last, r)];
  return { slot, wanted: { first, last, has: (r: number) => slot.has(r) } };
}

/** The column's values per row on average: its length when every row has the same. */
const valuesPerRow = (source: DatasetSource, column: string, rows: number) =>
  Math.round(
    source.metadata.row_groups.reduce(
      (sum, rg) => sum + Number(rg.columns.find((c) => c.meta_data?.path_in_schema[0] === column)?.meta_data?.num_values ?? 0),
      0,
    ) / rows,
  );

/**
 * The embedding of every row (`rows` omitted) or of the given rows (0-based file rows, output in
 * that order). Every row must have the same number of finite values; an Error says which row does not.
 */
export async function readDatasetEmbedding(
  source: DatasetSource,
  table: Pick<DatasetTable, 'rows' | 'embeddingColumn' | 'embeddingSample'>,
  { rows: only, onProgress }: { rows?: Int32Array; onProgress?: (p: DatasetProgress) => void } = {},
): Promise<DatasetEmbedding> {
  // A column not read whole (its sample's) is still read for given rows.
  const column = table.embeddingColumn ?? (only && table.embeddingSample?.column);
  if (!column) throw new Error('the dataset has no embedding column to read');
  const dim = valuesPerRow(source, column, table.rows);
  if (dim === 0) throw new Error(`the ${column} column is empty`);
  const picked = only && selection(only, table.rows);
  const out = only ? only.length : table.rows;
  const vectors = new Float32Array(out * dim);
  const filled = new Int32Array(out);
  let problem: string | undefined;
  try {
    await readListColumn(
      source.file,
      source.metadata,
      listLeafPath(source.metadata, [column]),
      (row, page, start, end) => {
        const i = picked ? picked.slot.get(row)! : row;
        if (filled[i] + end - start > dim) return void (problem ??= `row ${row + 1}: the ${column} has more values than the other rows (${dim})`);
        if (typeof page[start] !== 'number') return void (problem ??= `the ${column} column does not hold numbers`);
        const at = i * dim + filled[i];
        // Plain-encoded pages are typed arrays; dictionary-encoded ones come back as JS arrays.
        if (ArrayBuffer.isView(page)) vectors.set((page as Float32Array).subarray(start, end), at);
        else for (let k = start; k < end; k++) vectors[at + k - start] = page[k] as number;
        filled[i] += end - start;
      },
      { wanted: picked?.wanted, onRows: (r) => onProgress?.({ stage: 'embedding', column, rows: r, total: table.rows }) },
    );
  } catch (e) {
    throw new Error(`could not read the ${column} column (${describe(e)})`, { cause: e });
  }
  if (problem) throw new Error(problem);
  const rowOf = (i: number) => (only ? only[i] : i);
  for (let i = 0; i < out; i++) {
    const from = picked ? picked.slot.get(only![i])! : i;
    if (from !== i) vectors.copyWithin(i * dim, from * dim, (from + 1) * dim);
    else if (filled[i] !== dim)
      throw new Error(
        filled[i] === 0 ? `row ${rowOf(i) + 1} has no ${column}` : `row ${rowOf(i) + 1}: the ${column} has ${filled[i]} values, the other rows ${dim}`,
      );
  }
  if (!vectors.every(Number.isFinite)) throw new Error(`the ${column} column contains NaN or infinite values`);
  return { column, dim, vectors };
}

/**
 * Embedding Atlas's neighbour lists: per row `{ids, distances}`, ids being 0-based rows of the file.
 * Rows without a list get an empty one; an id outside the file or lists of different lengths are refused.
 */
export async function readDatasetNeighbours(
  source: DatasetSource,
  table: Pick<DatasetTable, 'rows' | 'neighboursColumn'>,
  onProgress?: (p: DatasetProgress) => void,
): Promise<DatasetNeighbours> {
  const column = table.neighboursColumn;
  if (!column) throw new Error('the dataset has no neighbours column to read');
  const { rows } = table;
  const read = async (field: 'ids' | 'distances') => {
    const counts = new Int32Array(rows);
    const values: number[] = [];
    await readListColumn(
      source.file,
      source.metadata,
      listLeafPath(source.metadata, [column, field]),
      (row, page, start, end) => {
        counts[row] += end - start;
        for (let i = start; i < end; i++) values.push(Number(page[i]));
      },
      { onRows: (r) => onProgress?.({ stage: 'neighbours', column: `${column}.${field}`, rows: r, total: rows }) },
    );
    return { counts, values };
  };
  let ids, distances;
  try {
    ids = await read('ids');
    distances = await read('distances');
  } catch (e) {
    throw new Error(`could not read the ${column} column (${describe(e)})`, { cause: e });
  }
  const offsets = new Int32Array(rows + 1);
  for (let r = 0; r < rows; r++) {
    if (ids.counts[r] !== distances.counts[r])
      throw new Error(`row ${r + 1}: the ${column} column has ${ids.counts[r]} ids but ${distances.counts[r]} distances`);
    offsets[r + 1] = offsets[r] + ids.counts[r];
  }
  const bad = ids.values.findIndex((id) => !Number.isInteger(id) || id < 0 || id >= rows);
  if (bad >= 0) throw new Error(`the ${column} column names row ${ids.values[bad]}, which the dataset does not have (ids are 0-based row numbers)`);
  return { column, offsets, ids: Int32Array.from(ids.values), distances: Float32Array.from(distances.values) };
}
