/**
 * `latent-sky merge <dir>`: the parts of one run → one Parquet file (rows in shard order) and one
 * list of skipped files. It checks first and writes nothing partial: every shard 0…N−1 present
 * and complete, all made with the same model and pipeline, every input accounted for (embedded
 * or skipped) and no image twice.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { csvTable } from '../export/lib/resultTables';
import { writeAtomic } from './atomicWrite';
import { workFolders } from './embedShard';
import { readRows, rowsToParquet, type Row } from './rows';
import { PART_PATTERN } from './shard';

interface PartRecord {
  shard: number;
  shards: number;
  inputs: number;
  totalInputs: number;
  embedded: number;
  skipped: number;
  model: string;
  preprocessing: unknown;
  modelInput: unknown;
  thumbnails?: number | null;
}

export interface MergeResult {
  ok: boolean;
  problems: string[];
  rows: number;
  skipped: number;
  out?: string;
}

const list = (xs: readonly (string | number)[], max = 10) => xs.slice(0, max).join(', ') + (xs.length > max ? ` … (${xs.length} in all)` : '');

export async function mergeParts(dir: string, out = join(dir, 'merged.parquet')): Promise<MergeResult> {
  if (!existsSync(dir)) return { ok: false, problems: [`${dir} does not exist`], rows: 0, skipped: 0 };
  const parts = readdirSync(dir).flatMap((f) => {
    const m = PART_PATTERN.exec(f);
    return m ? [{ file: f, index: Number(m[1]), count: Number(m[2]) }] : [];
  });
  const problems: string[] = [];
  if (parts.length === 0) problems.push(`no part-<i>-of-<N>.parquet files in ${dir}`);
  const counts = [...new Set(parts.map((p) => p.count))];
  if (counts.length > 1) problems.push(`parts of runs with different shard counts: N = ${counts.join(', ')}`);
  const n = Math.max(0, ...counts);
  const missing = Array.from({ length: n }, (_, i) => i).filter((i) => !parts.some((p) => p.index === i && p.count === n));
  if (missing.length) problems.push(`missing shards (of ${n}): ${list(missing)}`);
  const unfinished = workFolders(dir);
  if (unfinished.length) problems.push(`unfinished shards (checkpoints but no part): ${list(unfinished.map((w) => w.slice(1, -5)))}`);
  if (problems.length) return { ok: false, problems, rows: 0, skipped: 0 };

  const ordered = [...parts].sort((a, b) => a.index - b.index);
  const records = ordered.map((p) => JSON.parse(readFileSync(join(dir, p.file.replace(/\.parquet$/, '.json')), 'utf8')) as PartRecord);
  const same = (key: 'model' | 'preprocessing' | 'modelInput' | 'totalInputs' | 'thumbnails') => new Set(records.map((r) => JSON.stringify(r[key]))).size === 1;
  if (!same('model')) problems.push(`parts made with different models: ${[...new Set(records.map((r) => r.model))].join(', ')}`);
  if (!same('preprocessing') || !same('modelInput')) problems.push('parts made with different pipelines (preprocessing or model input)');
  if (!same('thumbnails')) problems.push('parts made with different --thumbnails (some rows would have no thumbnail)');
  if (!same('totalInputs')) problems.push('parts made over different inputs (their input counts differ)');

  const rows: Row[] = [];
  const skipped: string[][] = [];
  for (const [k, p] of ordered.entries()) {
    const partRows = await readRows(join(dir, p.file));
    const skippedCsv = Papa.parse<string[]>(readFileSync(join(dir, p.file.replace(/\.parquet$/, '.skipped.csv')), 'utf8'), { skipEmptyLines: true }).data.slice(
      1,
    );
    if (partRows.length !== records[k].embedded || skippedCsv.length !== records[k].skipped) {
      problems.push(
        `${p.file}: ${partRows.length} rows and ${skippedCsv.length} skipped, but its record says ${records[k].embedded} and ${records[k].skipped}`,
      );
    }
    rows.push(...partRows);
    skipped.push(...skippedCsv);
  }
  const seen = new Map<string, number>();
  for (const r of rows) seen.set(r.path, (seen.get(r.path) ?? 0) + 1);
  for (const s of skipped) seen.set(s[1], (seen.get(s[1]) ?? 0) + 1);
  const duplicates = [...seen].filter(([, c]) => c > 1).map(([path, c]) => `${path} ×${c}`);
  if (duplicates.length) problems.push(`duplicate rows: ${list(duplicates)}`);
  const total = records[0]?.totalInputs ?? 0;
  if (rows.length + skipped.length !== total) problems.push(`${rows.length} embedded + ${skipped.length} skipped ≠ ${total} inputs`);
  if (problems.length) return { ok: false, problems, rows: rows.length, skipped: skipped.length };

  writeAtomic(out.replace(/\.parquet$/, '') + '.skipped.csv', csvTable(['name', 'path', 'reason'], skipped));
  writeAtomic(out, rowsToParquet(rows, false));
  return { ok: true, problems, rows: rows.length, skipped: skipped.length, out };
}
