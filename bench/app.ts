import { chromium, type Browser } from '@playwright/test';
import { build, preview, type BuildEnvironmentOptions } from 'vite';
import { CHROMIUM_ARGS, findChromium } from '../e2e/support/browser';

/**
 * Builds the app, serves it with COOP/COEP (vite preview) and gives a headless Chromium to `fn`.
 * BENCH_PORT and BENCH_OUT_DIR (default 4174 and dist) let a bench run share the machine with
 * e2e runs and other bench runs, each with its own build and server. `buildOptions` adjust the
 * build (e.g. unminified, for a profile with function names).
 */
export async function withApp<T>(fn: (browser: Browser, baseUrl: string) => Promise<T>, buildOptions: BuildEnvironmentOptions = {}): Promise<T> {
  const port = Number(process.env.BENCH_PORT ?? 4174);
  const outDir = process.env.BENCH_OUT_DIR ?? 'dist';
  await build({ logLevel: 'warn', build: { ...buildOptions, outDir } });
  const server = await preview({ build: { outDir }, preview: { port, strictPort: true, host: '127.0.0.1' }, logLevel: 'warn' });
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  try {
    return await fn(browser, `http://127.0.0.1:${port}`);
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
}
