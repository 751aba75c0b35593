/**
 * `latent-sky metrics <projected dataset>`: the app's embedding-metrics table (LOO k-NN accuracy
 * and macro-F1, silhouette, trustworthiness and continuity of the layout) for a dataset that
 * `latent-sky project` has laid out, computed by the app's comparePipelines on the rows in the
 * app's order (which also decides its subsample above 2,000 rows) and written as the app's CSV.
 */
import { basename } from 'node:path';
import { comparePipelines } from '../compare/lib/compare';
import { metricsCsv } from '../export/lib/resultTables';
import { embeddingMatrix, inAppOrder } from './appOrder';
import { writeAtomic } from './atomicWrite';
import { readRows } from './rows';

export async function metricsOfDataset(input: string, out: string, log: (line: string) => void): Promise<{ rows: number; out: string }> {
  const rows = (await readRows(input)).filter((r) => r.embedding);
  if (rows.length < 5) throw new Error(`${input}: the metrics need at least 5 rows with an embedding`);
  if (rows.some((r) => !r.projection)) throw new Error(`${input} has no projection_x / projection_y: run \`latent-sky project\` on it first`);
  const { ordered, classNames, labels } = inAppOrder(rows);
  const { X, dim } = embeddingMatrix(ordered);
  const coords = Float32Array.from(ordered.flatMap((r) => r.projection!));
  const id = basename(input).replace(/\.parquet$/i, '');
  log(`metrics: ${ordered.length} rows × ${dim}, ${classNames.length} classes`);
  const result = comparePipelines([{ id, X, dim, coords }], labels, classNames.length);
  writeAtomic(out, metricsCsv([{ id, title: id, metrics: result.perPipeline[id] }], result.rows.length));
  return { rows: result.rows.length, out };
}
