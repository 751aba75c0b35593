/**
 * `latent-sky project` at survey scale: the real command run on synthetic, seeded, clustered
 * 768-d datasets of 10⁵ and 10⁶ rows (written once into the temp folder, a row group at a time),
 * with NN-descent at both sizes (`--exact-max-rows 50000`), timed per stage from its own log
 * (PCA and k-NN, UMAP layout, total), with the recall it measured on 1,000 sampled rows and its
 * peak memory (GNU time's max RSS; Node gets a 16 GiB heap limit, NODE_OPTIONS as the README says).
 * The machine's load average is printed beside the figures: the timings are wall-clock.
 *
 * Part of `npm run bench` (BENCH_PARTS=knn); on its own: `npx tsx bench/knnBench.ts [rows…]`.
 */
import { spawn } from 'node:child_process';
import { existsSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { seededRandom } from '../src/shared/lib/random';
import { writeInRowGroups } from './datasetBench';

const DIM = 768;
const CLUSTERS = 50;
/** Each cluster spans a random 8-d subspace around its centre: low intrinsic dimension, as real embeddings have. */
const SPAN = 8;
/**
 * Below the CLI's default switch (200,000 rows, where it keeps the app's exact search for the app's
 * layout), so both sizes measure NN-descent.
 */
const EXACT_MAX_ROWS = 50_000;

/** The synthetic dataset of `rows` rows (seed 1) in latent-sky's schema, written once into the temp folder. */
export function clusteredDataset(rows: number): string {
  const path = join(tmpdir(), `latent-sky-bench-knn-${rows}-${DIM}.parquet`);
  if (existsSync(path)) return path;
  const random = seededRandom(1);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const centres = Array.from({ length: CLUSTERS }, () => Float32Array.from({ length: DIM }, gauss));
  const spans = Array.from({ length: CLUSTERS }, () => Float32Array.from({ length: DIM * SPAN }, () => 0.4 * gauss()));
  const z = new Float32Array(SPAN);
  writeInRowGroups(path, rows, (ids) => {
    const cluster = ids.map(() => Math.floor(random() * CLUSTERS));
    const vectors = cluster.map((c) => {
      for (let l = 0; l < SPAN; l++) z[l] = gauss();
      const v = new Float32Array(DIM);
      for (let t = 0; t < DIM; t++) {
        let s = centres[c][t] + 0.35 * (random() - 0.5);
        for (let l = 0; l < SPAN; l++) s += spans[c][t * SPAN + l] * z[l];
        v[t] = s;
      }
      return v;
    });
    const names = ids.map((i) => `synthetic_${String(i).padStart(7, '0')}.png`);
    return [
      { name: 'name', kind: 'string', values: names },
      { name: 'path', kind: 'string', values: names.map((n, k) => `cluster_${cluster[k]}/${n}`) },
      { name: 'hash', kind: 'string', values: ids.map((i) => i.toString(16).padStart(32, '0')) },
      { name: 'label', kind: 'string', values: cluster.map((c) => `cluster ${c}`) },
      { name: 'embedding', kind: 'vector', values: vectors },
    ];
  });
  return path;
}

export interface ProjectFigures {
  rows: number;
  method: string;
  recall: number;
  /** Seconds from the start to the first line after the read (the UMAP line), inside the recall check, after the layout (the write). */
  readSeconds: number;
  knnSeconds: number;
  recallSeconds: number;
  umapSeconds: number;
  writeSeconds: number;
  totalSeconds: number;
  peakRssGiB: number;
  load: string;
}

const CLI = resolve(import.meta.dirname, '../src/cli/latent-sky.mjs');

/** Runs `latent-sky project` on the dataset under GNU time, its log echoed with the seconds since start. */
async function runProject(path: string, rows: number, epochs?: number): Promise<ProjectFigures> {
  const out = path.replace(/\.parquet$/, '.projected.parquet');
  const start = performance.now();
  const log: string[] = [];
  const at: number[] = [];
  const code = await new Promise<number>((done, fail) => {
    const child = spawn(
      '/usr/bin/time',
      [
        '-f',
        'maxrss_kib %M',
        process.execPath,
        '--max-old-space-size=16384',
        CLI,
        'project',
        path,
        '--out',
        out,
        '--exact-max-rows',
        String(EXACT_MAX_ROWS),
        ...(epochs ? ['--epochs', String(epochs)] : []),
      ],
      {
        stdio: ['ignore', 'inherit', 'pipe'],
      },
    );
    let partial = '';
    child.stderr.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        log.push(line);
        at.push((performance.now() - start) / 1000);
        console.log(`    [${((performance.now() - start) / 1000).toFixed(0)} s] ${line}`);
      }
    });
    child.on('error', fail);
    child.on('close', (c) => done(c ?? 1));
  });
  const totalSeconds = (performance.now() - start) / 1000;
  rmSync(out, { force: true });
  if (code !== 0) throw new Error(`latent-sky project exited with ${code}`);
  const text = log.join('\n');
  const number = (re: RegExp) => Number(re.exec(text)?.[1] ?? NaN);
  const when = (re: RegExp) => at[log.findIndex((l) => re.test(l))] ?? NaN;
  return {
    rows,
    method: /^k-NN: ((?:exact|NN-descent).*)$/m.exec(text)?.[1] ?? '?',
    recall: number(/k-NN recall ([\d.]+)/),
    readSeconds: when(/^UMAP of /),
    knnSeconds: number(/PCA and k-NN: ([\d.]+) s/),
    recallSeconds: when(/^k-NN recall /) - when(/^PCA and k-NN: /),
    umapSeconds: number(/UMAP layout: ([\d.]+) s/),
    writeSeconds: when(/^projected /) - when(/^UMAP layout: /),
    totalSeconds,
    peakRssGiB: number(/maxrss_kib (\d+)/) / 2 ** 20,
    load: loadavg()
      .map((l) => l.toFixed(1))
      .join(' '),
  };
}

/** `epochs` overrides the layout's 200 (the layout's time is proportional to it): for a quick look at 10⁶ rows. */
export async function knnBench(sizes = [100_000, 1_000_000], epochs?: number): Promise<ProjectFigures[]> {
  const figures: ProjectFigures[] = [];
  for (const rows of sizes) {
    const t = performance.now();
    const path = clusteredDataset(rows);
    console.log(
      `  ${rows} × ${DIM} (${CLUSTERS} clusters, seeded): ${(statSync(path).size / 2 ** 30).toFixed(2)} GiB, ready in ${((performance.now() - t) / 1000).toFixed(0)} s`,
    );
    const f = await runProject(path, rows, epochs);
    figures.push(f);
    console.log(
      `  ${rows} rows: k-NN ${f.method}; recall ${f.recall.toFixed(4)} (1,000 sampled rows); read ${f.readSeconds.toFixed(0)} s, PCA + k-NN ${f.knnSeconds.toFixed(0)} s, recall check ${f.recallSeconds.toFixed(0)} s, UMAP layout ${f.umapSeconds.toFixed(0)} s (${epochs ?? 200} epochs), write ${f.writeSeconds.toFixed(0)} s, whole command ${f.totalSeconds.toFixed(0)} s; peak RSS ${f.peakRssGiB.toFixed(1)} GiB; load average ${f.load}`,
    );
  }
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--epochs');
  const epochs = at >= 0 ? Number(args.splice(at, 2)[1]) : undefined;
  const sizes = args.map(Number).filter((n) => n > 0);
  console.log('latent-sky project at survey scale (synthetic clustered 768-d):');
  await knnBench(sizes.length ? sizes : undefined, epochs);
}
