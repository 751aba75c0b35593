/**
 * One shard of an embedding run, resumable. Work is checkpointed per row group: the shard's
 * sorted items are cut into groups of `rowGroup` images, and group k is written, complete, to
 * `.part-i-of-N.work/rg-<k>.parquet` (write, then rename) as soon as it is computed. A killed task
 * loses at most the group it was computing; running the shard again skips every group already on
 * disk. When all groups are there they are joined into `part-i-of-N.parquet` (embedded images),
 * `part-i-of-N.skipped.csv` (files not embedded, with the reason) and `part-i-of-N.json` (run
 * record), the Parquet renamed into place last: its presence means the shard is complete, and a
 * complete shard is never run again. Groups are identified by position, so the work folder
 * records the plan it was made for and a run with other inputs, model or pipeline refuses it.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Embedder } from '../models/lib/embedder';
import type { ModelInputRecipe } from '../models/lib/modelInput';
import { splitFinite } from '../embeddings/lib/finite';
import type { Preprocessing } from '../preprocessing/lib/preprocessing';
import { csvTable } from '../export/lib/resultTables';
import type { LabelRow } from '../images/lib/labels';
import { imageLabel, imageMeta } from '../state/selectors';
import { labelFromPath } from '../images/lib/labels';
import { writeAtomic } from './atomicWrite';
import { readInput, type InputItem } from './inputs';
import { prepareImage, type PreparedImage } from './prepareImage';
import { progress as makeProgress, type Progress } from './progress';
import { readRows, rowsToParquet, type Row } from './rows';
import { partName, shardSlice, type Shard } from './shard';

export interface ShardRun {
  items: readonly InputItem[];
  shard: Shard;
  outDir: string;
  preprocessing: Preprocessing;
  /** The pipeline's model-input recipe override, passed as the app passes it (undefined: the model's own; null: plain bilinear). */
  modelInput?: ModelInputRecipe | null;
  labels: Map<string, LabelRow>;
  /** Lazily loaded: a complete shard never loads the model. */
  embedder: () => Promise<Embedder>;
  modelLabel: string;
  rowGroup: number;
  /** Longest side of each row's PNG thumbnail (`--thumbnails`); none when absent. */
  thumbnails?: number;
  log: (line: string) => void;
  progress?: (total: number, label: string) => Progress;
}

export interface ShardResult {
  status: 'complete' | 'already-complete';
  embedded: number;
  skipped: number;
  provider?: string;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Label and metadata exactly as the app gives them (labels CSV first, then the manifest, then the folder). */
function labelled(item: InputItem, labels: Map<string, LabelRow>): { label: string | null; meta: Record<string, string> } {
  const record = { hash: '', name: item.name, path: item.path, folderLabel: item.label ?? labelFromPath(item.path) } as Parameters<typeof imageLabel>[0];
  return { label: imageLabel(record, { labelTable: labels, labelEdits: new Map() }) ?? null, meta: { ...item.meta, ...imageMeta(record, labels) } };
}

async function computeGroup(group: readonly InputItem[], run: ShardRun, embedder: Embedder): Promise<Row[]> {
  const rows: Row[] = [];
  const ready: { row: Row; prepared: PreparedImage }[] = [];
  for (const item of group) {
    const row: Row = { name: item.name, path: item.path, hash: null, ra: null, dec: null, embedding: null, error: null, ...labelled(item, run.labels) };
    rows.push(row);
    try {
      const prepared = await prepareImage(item.name, await readInput(item), run.preprocessing, run.thumbnails);
      row.hash = prepared.hash;
      row.thumbnail = prepared.thumbnail;
      row.ra = prepared.sky?.ra ?? null;
      row.dec = prepared.sky?.dec ?? null;
      ready.push({ row, prepared });
    } catch (e) {
      row.error = message(e);
    }
  }
  await embedInto(ready, run, embedder);
  return rows;
}

/**
 * Embeds the group's images in one call. If the model fails on it, image by image: an image the
 * model fails on while others of its group pass is skipped with the reason; if it fails on every
 * one, the fault is the run's (out of memory, a bad node, the wrong model), so the shard stops
 * and a resubmission retries, rather than listing good files as skipped.
 */
async function embedInto(ready: { row: Row; prepared: PreparedImage }[], run: ShardRun, embedder: Embedder): Promise<void> {
  if (ready.length === 0) return;
  const size = run.preprocessing.resize ?? undefined;
  const embedSome = async (some: typeof ready) => {
    const { vectors, dim } = await embedder.embed(
      some.map((r) => r.prepared.image),
      size,
      run.modelInput,
    );
    const { ok, failed } = splitFinite(vectors, some.length, dim);
    for (const { row, vector } of ok) some[row].row.embedding = Float32Array.from(vector);
    for (const { row, reason } of failed) some[row].row.error = reason;
  };
  try {
    await embedSome(ready);
  } catch (batchError) {
    if (ready.length === 1) throw batchError;
    const errors: unknown[] = [];
    for (const one of ready) {
      try {
        await embedSome([one]);
      } catch (e) {
        errors.push(e);
        one.row.error = `the model failed on this image: ${message(e)}`;
      }
    }
    if (errors.length === ready.length) throw errors[0];
  }
}

interface Plan {
  items: number;
  first: string | null;
  last: string | null;
  rowGroup: number;
  model: string;
  preprocessing: Preprocessing;
  modelInput: ModelInputRecipe | null | 'model';
  thumbnails: number | null;
}

function checkPlan(workDir: string, plan: Plan): void {
  const file = join(workDir, 'plan.json');
  const wanted = JSON.stringify(plan);
  if (!existsSync(file)) {
    writeAtomic(file, wanted);
    return;
  }
  if (readFileSync(file, 'utf8') !== wanted) {
    throw new Error(`${workDir} holds the checkpoints of a run with other inputs, model, pipeline or --row-group; finish that run or delete the folder`);
  }
}

export async function embedShard(run: ShardRun): Promise<ShardResult> {
  const name = partName(run.shard);
  const final = join(run.outDir, `${name}.parquet`);
  if (existsSync(final)) {
    run.log(`${name} is already complete (${final}); nothing to do`);
    return { status: 'already-complete', embedded: 0, skipped: 0 };
  }
  const mine = shardSlice(run.items, run.shard);
  const workDir = join(run.outDir, `.${name}.work`);
  mkdirSync(workDir, { recursive: true });
  checkPlan(workDir, {
    items: mine.length,
    first: mine[0]?.path ?? null,
    last: mine.at(-1)?.path ?? null,
    rowGroup: run.rowGroup,
    model: run.modelLabel,
    preprocessing: run.preprocessing,
    modelInput: run.modelInput === undefined ? 'model' : run.modelInput,
    thumbnails: run.thumbnails ?? null,
  });
  const groups = Math.ceil(mine.length / run.rowGroup);
  const groupFile = (k: number) => join(workDir, `rg-${String(k).padStart(6, '0')}.parquet`);
  const todo = Array.from({ length: groups }, (_, k) => k).filter((k) => !existsSync(groupFile(k)));
  run.log(
    `${name}: ${mine.length} of ${run.items.length} inputs (${run.shard.source}), ${groups} row groups of ≤ ${run.rowGroup}, ${groups - todo.length} already done`,
  );

  let provider: string | undefined;
  if (todo.length) {
    const embedder = await run.embedder();
    provider = embedder.info.backend;
    run.log(
      `execution provider: ${provider} (${provider === 'wasm' ? "onnxruntime-web's WASM build, the browser's kernels" : 'onnxruntime-node'}), model input ${embedder.info.input.size}×${embedder.info.input.size}, output "${embedder.info.output}", batch ${embedder.info.batchSize}`,
    );
    const remaining = todo.reduce((n, k) => n + Math.min(run.rowGroup, mine.length - k * run.rowGroup), 0);
    const bar = (run.progress ?? makeProgress)(remaining, name);
    for (const k of todo) {
      const group = mine.slice(k * run.rowGroup, (k + 1) * run.rowGroup);
      writeAtomic(groupFile(k), rowsToParquet(await computeGroup(group, run, embedder), true));
      bar.advance(group.length);
    }
    bar.done();
    await embedder.release();
  }

  const rows: Row[] = [];
  for (let k = 0; k < groups; k++) rows.push(...(await readRows(groupFile(k))));
  const embedded = rows.filter((r) => r.embedding && !r.error);
  const skipped = rows.filter((r) => !r.embedding || r.error);
  writeAtomic(
    join(run.outDir, `${name}.skipped.csv`),
    csvTable(
      ['name', 'path', 'reason'],
      skipped.map((r) => [r.name, r.path, r.error ?? 'not embedded']),
    ),
  );
  writeAtomic(
    join(run.outDir, `${name}.json`),
    JSON.stringify(
      {
        shard: run.shard.index,
        shards: run.shard.count,
        inputs: mine.length,
        totalInputs: run.items.length,
        embedded: embedded.length,
        skipped: skipped.length,
        model: run.modelLabel,
        preprocessing: run.preprocessing,
        modelInput: run.modelInput === undefined ? 'model' : run.modelInput,
        dim: embedded[0]?.embedding?.length ?? null,
        thumbnails: run.thumbnails ?? null,
        provider: provider ?? null,
      },
      null,
      2,
    ),
  );
  writeAtomic(final, rowsToParquet(embedded, false));
  rmSync(workDir, { recursive: true, force: true });
  run.log(`${name}: ${embedded.length} embedded, ${skipped.length} skipped → ${final}`);
  return { status: 'complete', embedded: embedded.length, skipped: skipped.length, provider };
}

/** Leftover work folders of shards (for merge's report of what is unfinished). */
export const workFolders = (dir: string) => readdirSync(dir).filter((f) => /^\.part-\d+-of-\d+\.work$/.test(f));
