import { DEFAULT_BUDGET, openDatasetSource, readDatasetColumns, type DatasetBudget, type DatasetTable } from './datasetFile';
import { readDatasetEmbedding, readDatasetNeighbours } from './datasetLists';
import type { AsyncBuffer } from 'hyparquet';

/** The whole dataset at once (its columns, then its embedding and neighbour lists): for Node and the tests; the app reads it in steps. */
export async function readDataset(file: AsyncBuffer, budget: DatasetBudget = DEFAULT_BUDGET): Promise<DatasetTable> {
  const source = await openDatasetSource(file);
  const table = await readDatasetColumns(source, budget);
  if (table.embeddingColumn) table.embedding = await readDatasetEmbedding(source, table);
  if (table.neighboursColumn) table.neighbours = await readDatasetNeighbours(source, table);
  return table;
}
