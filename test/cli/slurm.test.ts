/**
 * The SLURM recipes on a real (one-node) SLURM: deploy/slurm/submit.sh runs the embedding array
 * (4 tasks, 2 at a time) over 200 MiraBest PNGs, the 12 FITS and 2 broken files, one task is
 * cancelled midway with scancel (the chained merge is then cancelled too), the same submission is
 * made again, and the merged Parquet holds every image exactly once with the embeddings that
 * the runtime gives through the app's libs directly; the chained job also projects it. The array
 * runs `--device wasm` (LS_DEVICE), the browser's kernels in Node: then the production app in
 * headless Chromium (support/appInChromium.ts), the same files dropped and embedded with the same
 * model on WASM, gives the same embeddings, by content hash (the native `cpu` kernels round this
 * int8 model differently on 10 of these files; README), and the
 * projected Parquet opened in the app shows one point per image at the coordinates `project`
 * wrote. Skipped, with the reason, where SLURM cannot run (not root, not Linux, packages missing).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listInputs } from '../../src/cli/inputs';
import { readRows } from '../../src/cli/rows';
import { startAppInChromium, type AppInChromium } from './support/appInChromium';
import { maxAbsDiff, referenceEmbeddings } from './support/reference';
import { slurmUnavailable, startSlurm, type SlurmCluster } from './support/slurmCluster';
import { makeSurvey, MODEL } from './support/survey';

const REPO = resolve(import.meta.dirname, '../..');
const SUBMIT = join(REPO, 'deploy/slurm/submit.sh');
const SHARDS = 4;
const PNGS = Number(process.env.LATENT_SKY_SLURM_IMAGES ?? 200);
const unavailable = slurmUnavailable();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(unavailable)(`SLURM array job on a real one-node SLURM${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let cluster: SlurmCluster;
  let work: string;
  let app: AppInChromium | undefined;
  beforeAll(async () => {
    cluster = await startSlurm();
    work = mkdtempSync(join(tmpdir(), 'latent-sky-slurm-run-'));
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    await cluster?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  }, 60_000);

  async function waitForEmptyQueue(timeoutMs = 8 * 60_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (cluster.run('squeue', ['-h']).trim() !== '') {
      if (Date.now() > end) throw new Error(`jobs still queued:\n${cluster.run('squeue', [])}`);
      await sleep(500);
    }
  }
  const states = (job: string) =>
    cluster
      .run('scontrol', ['-o', 'show', 'job', job])
      .trim()
      .split('\n')
      .map((l) => ({ task: /ArrayTaskId=(\S+)/.exec(l)?.[1], state: /JobState=(\S+)/.exec(l)![1] }));

  it(
    'embeds every image exactly once across a cancelled task and a resubmission',
    async () => {
      const survey = makeSurvey(PNGS);
      const out = join(work, 'out');
      const logs = join(work, 'logs');
      mkdirSync(logs);
      const env = {
        ...cluster.env,
        LS_INPUT: survey.root,
        LS_LABELS: survey.labelsCsv,
        LS_MODEL: MODEL,
        LS_OUT: out,
        LS_ROW_GROUP: '8',
        LS_DEVICE: 'wasm',
        LATENT_SKY: `${process.execPath} ${join(REPO, 'src/cli/latent-sky.mjs')}`,
        LATENT_SKY_PROGRESS_SECONDS: '5',
      };
      const submit = () =>
        cluster
          .run('bash', [SUBMIT, String(SHARDS), '2'], { cwd: logs, env })
          .trim()
          .split(' ');

      // First submission: cancel task 1 as soon as it has checkpointed a row group.
      const [array, merge] = submit();
      const workDir = join(out, '.part-1-of-4.work');
      const end = Date.now() + 5 * 60_000;
      while (!(existsSync(workDir) && readdirSync(workDir).some((f) => /^rg-\d+\.parquet$/.test(f)))) {
        if (Date.now() > end) throw new Error(`task 1 never checkpointed:\n${cluster.run('squeue', [])}`);
        await sleep(100);
      }
      cluster.run('scancel', [`${array}_1`]);
      await waitForEmptyQueue();
      expect(states(`${array}_1`)[0].state).toBe('CANCELLED');
      expect(states(merge)[0].state).toMatch(/CANCELLED/);
      expect(existsSync(join(out, 'part-1-of-4.parquet'))).toBe(false);
      expect(existsSync(join(out, 'merged.parquet'))).toBe(false);
      const checkpointed = readdirSync(workDir).filter((f) => /^rg-\d+\.parquet$/.test(f)).length;
      expect(checkpointed).toBeGreaterThan(0);

      // The same submission again: complete shards exit at once, task 1 resumes, the merge runs.
      const [array2, merge2] = submit();
      await waitForEmptyQueue();
      expect(states(array2).map((s) => s.state)).toEqual(Array(SHARDS).fill('COMPLETED'));
      expect(states(merge2)[0].state).toBe('COMPLETED');
      const log = (task: number) => readFileSync(join(logs, `latent-sky-embed-${array2}_${task}.log`), 'utf8');
      for (const task of [0, 2, 3]) expect(log(task)).toMatch(`part-${task}-of-4 is already complete`);
      expect(log(1)).toMatch(
        new RegExp(
          `part-1-of-4: \\d+ of ${survey.images.length + survey.broken.length} inputs \\(SLURM array task\\), \\d+ row groups of ≤ 8, ${checkpointed} already done`,
        ),
      );
      expect(log(1)).toMatch(/execution provider: wasm/);

      const rows = await readRows(join(out, 'merged.parquet'));
      expect(rows.map((r) => r.path).sort()).toEqual([...survey.images].sort());
      const skipped = readFileSync(join(out, 'merged.skipped.csv'), 'utf8');
      expect(skipped).toMatch(/survey\/broken\/truncated\.png,truncated PNG/);
      expect(skipped).toMatch(/survey\/broken\/notes\.fits,"not a supported image/);
      expect(skipped.trim().split('\n')).toHaveLength(1 + survey.broken.length);

      // The chained job also laid the merged set out with the app's UMAP.
      const projected = await readRows(join(out, 'merged.projected.parquet'));
      expect(projected.map((r) => r.path)).toEqual(rows.map((r) => r.path));
      expect(readFileSync(join(logs, `latent-sky-merge-${merge2}.log`), 'utf8')).toMatch(new RegExp(`projected ${rows.length} rows`));

      const location = new Map(listInputs([survey.root]).map((i) => [i.path, i.location]));
      const reference = await referenceEmbeddings(
        rows.map((r) => ({ name: r.name, location: location.get(r.path)! })),
        'wasm',
      );
      let worst = 0;
      for (const r of rows) worst = Math.max(worst, maxAbsDiff(r.embedding!, reference.get(location.get(r.path)!)!));
      expect(worst).toBeLessThan(1e-4);

      // A real browser tab: the same files dropped on the app, the same model on WASM.
      app = await startAppInChromium();
      const inBrowser = await app.embed(survey.images.map((p) => location.get(p)!));
      expect([...inBrowser.keys()].sort()).toEqual(rows.map((r) => r.hash).sort());
      let worstBrowser = 0;
      for (const r of rows) worstBrowser = Math.max(worstBrowser, maxAbsDiff(r.embedding!, inBrowser.get(r.hash!)!));
      expect(worstBrowser).toBeLessThan(1e-4);

      // The projected dataset opened in the app: one point per image, where `project` put it (kept as float32).
      const shown = await app.openDataset(new Uint8Array(readFileSync(join(out, 'merged.projected.parquet'))));
      expect(shown.imported).toBe(true);
      expect(shown.names.slice().sort()).toEqual(projected.map((r) => r.name).sort());
      const written = new Map(projected.map((r) => [r.name, r.projection!.map(Math.fround)]));
      expect(shown.names.map((_, i) => [shown.coords[2 * i], shown.coords[2 * i + 1]])).toEqual(shown.names.map((name) => written.get(name)));
    },
    15 * 60_000,
  );
});
