import { parquetWriteBuffer } from 'hyparquet-writer';
import { parquetColumns, type ExportColumn } from '../../../src/export/lib/exportTable';

/** A neighbours list per row, as Embedding Atlas reads it (ids: 0-based rows; distances: cosine). */
export type NeighbourList = { ids: number[]; distances: number[] } | null;

/** A LIST<type> field: the three schema elements of Parquet's list convention. */
const listOf = (name: string, type: 'INT32' | 'FLOAT') => [
  { name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', type, repetition_type: 'REQUIRED' },
];

/** Embedding Atlas's `neighbors` column as `latent-sky project` writes it: a struct of two lists per row. */
const NEIGHBORS_SCHEMA = [{ name: 'neighbors', repetition_type: 'OPTIONAL', num_children: 2 }, ...listOf('ids', 'INT32'), ...listOf('distances', 'FLOAT')];

/** A dataset file with the given columns and, when given, a `neighbors` column; `rowGroupSize` rows per row group. */
export function datasetParquet(columns: ExportColumn[], neighbours?: NeighbourList[], rowGroupSize = 100_000): ArrayBuffer {
  const { schema, columnData } = parquetColumns(columns);
  if (neighbours) {
    (schema[0] as { num_children: number }).num_children += 1;
    (schema as unknown[]).push(...NEIGHBORS_SCHEMA);
    (columnData as unknown[]).push({ name: 'neighbors', data: neighbours });
  }
  return parquetWriteBuffer({ schema, columnData, rowGroupSize, createdBy: 'Latent Sky tests' });
}
