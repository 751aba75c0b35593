/**
 * The production app in a real headless Chromium, for the CLI's integration test: `vite build`
 * into a temp folder, `vite preview` (COOP/COEP, so WASM threads as users get them) on a free port,
 * and Chromium through Playwright's library API. Two questions are asked of it, both as a user
 * would: drop these files and embed them with the real MobileNetV2 on WASM (the embeddings by
 * content hash), and open this dataset file (the points and their coordinates). `stop()` ends the
 * browser and the server it started, by process id, and removes the build; it is safe to call
 * after a failed start or twice.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { MODEL_URL, returningVisitor, serveTestModel, snapshot } from '../../../e2e/support/app';
import { CHROMIUM_ARGS, findChromium } from '../../../e2e/support/browser';
import { freePort, stopProcess } from '../../support/processes';

const REPO = resolve(import.meta.dirname, '../../..');
const VITE = join(REPO, 'node_modules/vite/bin/vite.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface AppInChromium {
  /** Each file's embedding as the app computes it (dropped through the file input), by content hash. */
  embed(files: string[]): Promise<Map<string, Float32Array>>;
  /** Opens a dataset file from this app's origin; the rows as the app shows them once drawn. */
  openDataset(bytes: Uint8Array): Promise<{ names: string[]; coords: number[]; imported: boolean }>;
  stop(): Promise<void>;
}

/** Polls `read` until `done` holds, failing with `what` after `timeoutMs`. */
async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 500)}`);
    await sleep(500);
  }
}

export async function startAppInChromium(): Promise<AppInChromium> {
  const outDir = mkdtempSync(join(tmpdir(), 'latent-sky-app-build-'));
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  const stop = async () => {
    await browser?.close();
    browser = undefined;
    if (server) await stopProcess(server);
    rmSync(outDir, { recursive: true, force: true });
  };
  try {
    // A production build, as users get it (vitest's NODE_ENV=test would give React's development build).
    const env = { ...process.env, NODE_ENV: 'production' };
    const built = spawnSync(process.execPath, [VITE, 'build', '--logLevel', 'warn', '--emptyOutDir', '--outDir', outDir], { cwd: REPO, env, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`vite build failed (${built.status}): ${built.stderr}`);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const started = spawn(process.execPath, [VITE, 'preview', '--outDir', outDir, '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
      cwd: REPO,
      env,
      stdio: 'ignore',
    });
    server = started;
    await until(
      `vite preview on ${base}`,
      async () => {
        if (started.exitCode !== null) throw new Error(`vite preview exited (${started.exitCode})`);
        return fetch(base).then(
          (r) => r.ok,
          () => false,
        );
      },
      (up) => up,
      60_000,
    );
    const launched = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
    browser = launched;
    /** A fresh tab of a returning visitor (no demo sky); `close` fails on any uncaught page error. */
    const newPage = async (): Promise<{ page: Page; close(): Promise<void> }> => {
      const page = await (await launched.newContext({ storageState: returningVisitor(base) })).newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(base);
      return {
        page,
        async close() {
          await page.context().close();
          if (errors.length) throw new Error(`errors in the page: ${errors.join('; ')}`);
        },
      };
    };

    return {
      async embed(files) {
        const { page, close } = await newPage();
        await serveTestModel(page);
        await page.getByTestId('file-input').setInputFiles(files);
        await until(
          'the files to load',
          () => snapshot(page),
          (s) => s.images.length + s.skipped.length === files.length,
          120_000,
        );
        const model = await page.evaluate((url) => window.latentSky.addModel({ url, backend: 'wasm' }), MODEL_URL);
        if (model.backend !== 'wasm') throw new Error(`the model runs on ${model.backend}, not WASM`);
        await until(
          'the browser to embed every file',
          () => snapshot(page),
          (s) => {
            const m = s.models.find((x) => x.id === model.id);
            if (m?.error) throw new Error(m.error);
            return (s.pipelines.find((p) => p.id === model.pipelineId)?.embedded ?? 0) === s.images.length;
          },
          600_000,
        );
        const rows = await page.evaluate((id) => window.latentSky.embeddings(id), model.pipelineId);
        await close();
        return new Map(rows.map((r) => [r.hash, Float32Array.from(r.vector)]));
      },
      async openDataset(bytes) {
        const { page, close } = await newPage();
        const path = '/cli-run/merged.projected.parquet';
        await page.route(`**${path}`, (route) => route.fulfill({ body: Buffer.from(bytes), contentType: 'application/octet-stream' }));
        await page.evaluate((url) => window.latentSky.openDataset(url), base + path);
        const snap = await until(
          'the dataset to be drawn',
          () => snapshot(page),
          (s) => (s.projections[0]?.n ?? 0) > 0,
          120_000,
        );
        await close();
        return { names: snap.images.map((i) => i.name), coords: snap.projections[0].coords as number[], imported: snap.projections[0].imported };
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
