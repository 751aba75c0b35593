/**
 * `latent-sky probe <dataset>`: the app's linear/MLP probe over a merged dataset's labelled rows,
 * built as the app's probe scheduler builds it (src/probe/probeController.ts: rows in content
 * order, classes in the app's order, a `split` metadata column used when present) and written as
 * the app's probe CSV (src/export/lib/resultTables.ts), so numbers compare with the tab's.
 */
import { basename } from 'node:path';
import { probeResultsCsv } from '../export/lib/resultTables';
import { runProbe, type ProbeData, type ProbeSettings } from '../probe/lib/probe';
import { embeddingMatrix, inAppOrder } from './appOrder';
import { writeAtomic } from './atomicWrite';
import { readRows } from './rows';

export async function probeDataset(
  input: string,
  settings: ProbeSettings,
  out: string,
  log: (line: string) => void,
): Promise<{ rows: number; classes: string[]; out: string }> {
  const rows = (await readRows(input)).filter((r) => r.embedding);
  if (rows.length === 0) throw new Error(`${input} has no rows with an embedding`);
  const { ordered, classNames, labels } = inAppOrder(rows);
  if (classNames.length < 2) throw new Error(`the probe needs at least two labelled classes (found ${classNames.length ? classNames.join(', ') : 'none'})`);
  const { X, dim } = embeddingMatrix(ordered);
  const split = ordered.map((r) => r.meta.split?.trim().toLowerCase());
  const data: ProbeData = { X, dim, labels, nClasses: classNames.length, split: split.some(Boolean) ? split : undefined };
  log(`probe: ${ordered.length} rows, ${classNames.length} classes (${classNames.join(', ')}), ${settings.heads.join(' + ')} head, ${settings.seeds} seeds`);
  const results = runProbe(data, settings);
  writeAtomic(out, probeResultsCsv([{ title: basename(input).replace(/\.parquet$/i, ''), results }], classNames));
  return { rows: ordered.length, classes: classNames, out };
}
