/**
 * `latent-sky probe <dataset>`: the app's linear/MLP probe over a merged dataset's labelled rows,
 * built as the app's probe scheduler builds it (src/probe/probeController.ts: rows in content
 * order, classes in the app's order, a `split` metadata column used when present) and written as
 * the app's probe CSV (src/export/lib/resultTables.ts), so numbers compare with the tab's.
 */
import { basename } from 'node:path';
import * as ortWeb from 'onnxruntime-web';
import { SOFTMAX_LOSS_GRAPH_PATH } from '../../models/graphPaths';
import type { OrtModule } from '../models/lib/embedder';
import { probeResultsCsv } from '../export/lib/resultTables';
import { createOrtSoftmaxLoss } from '../probe/lib/ortSoftmaxLoss';
import { runProbe, type ProbeData, type ProbeSettings } from '../probe/lib/probe';
import { jsSoftmaxLoss, type SoftmaxLossFactory } from '../probe/lib/softmaxLoss';
import { embeddingMatrix, inAppOrder } from './appOrder';
import { writeAtomic } from './atomicWrite';
import { readGeneratedGraph } from './generatedGraph';
import { readRows } from './rows';

/** The app's onnxruntime loss for the linear head where `npm run models` has built its graph, else its JavaScript fallback. */
async function linearLoss(): Promise<{ loss: SoftmaxLossFactory; engine: string }> {
  const graph = readGeneratedGraph(SOFTMAX_LOSS_GRAPH_PATH);
  if (!graph) return { loss: jsSoftmaxLoss, engine: "the JavaScript fallback (run `npm run models` for the app's onnxruntime kernel)" };
  return { loss: (await createOrtSoftmaxLoss(ortWeb as unknown as OrtModule, graph)).loss, engine: "onnxruntime-web's WASM, as in the app" };
}

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
  const { loss, engine } = await linearLoss();
  log(
    `probe: ${ordered.length} rows, ${classNames.length} classes (${classNames.join(', ')}), ${settings.heads.join(' + ')} head, ${settings.seeds} seeds; linear head on ${engine}`,
  );
  const results = await runProbe(data, settings, undefined, loss);
  writeAtomic(out, probeResultsCsv([{ title: basename(input).replace(/\.parquet$/i, ''), results }], classNames));
  return { rows: ordered.length, classes: classNames, out };
}
