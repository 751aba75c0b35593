/**
 * `latent-sky probe <dataset>`: the app's linear/MLP probe over a merged dataset's labelled rows,
 * built as the app's probe scheduler builds it (src/probe/probeScheduler.ts: rows in content
 * order, classes in the app's order, a `split` metadata column used when present) and written as
 * the app's probe CSV (src/export/lib/resultTables.ts), so numbers compare with the tab's.
 */
import { basename } from 'node:path';
import { probeResultsCsv } from '../export/lib/resultTables';
import { runProbe, type ProbeData, type ProbeSettings } from '../probe/lib/probe';
import { byContent, classLabels } from '../state/selectors';
import { writeAtomic } from './atomicWrite';
import { readRows } from './rows';

type ImageLike = Parameters<typeof byContent>[0];

export async function probeDataset(input: string, settings: ProbeSettings, out: string, log: (line: string) => void): Promise<{ rows: number; classes: string[]; out: string }> {
  const rows = (await readRows(input)).filter((r) => r.embedding);
  if (rows.length === 0) throw new Error(`${input} has no rows with an embedding`);
  // The app's image records, as far as the probe reads them: content hash, name, label.
  const images = rows.map((r, i) => ({ id: `row-${i}`, hash: r.hash ?? '', name: r.name, path: r.path, folderLabel: r.label ?? undefined }) as ImageLike);
  const order = images.map((img, i) => ({ img, i })).sort((a, b) => byContent(a.img, b.img));
  const { classNames, labelOf } = classLabels(order.map((o) => o.img), new Map());
  if (classNames.length < 2) throw new Error(`the probe needs at least two labelled classes (found ${classNames.length ? classNames.join(', ') : 'none'})`);
  const dim = rows[0].embedding!.length;
  const X = new Float32Array(order.length * dim);
  order.forEach(({ i }, k) => X.set(rows[i].embedding!, k * dim));
  const split = order.map(({ i }) => rows[i].meta.split?.trim().toLowerCase());
  const data: ProbeData = { X, dim, labels: labelOf, nClasses: classNames.length, split: split.some(Boolean) ? split : undefined };
  log(`probe: ${order.length} rows, ${classNames.length} classes (${classNames.join(', ')}), ${settings.heads.join(' + ')} head, ${settings.seeds} seeds`);
  const results = runProbe(data, settings);
  writeAtomic(out, probeResultsCsv([{ title: basename(input).replace(/\.parquet$/i, ''), results }], classNames));
  return { rows: order.length, classes: classNames, out };
}
