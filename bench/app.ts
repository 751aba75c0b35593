import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
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

/**
 * A bench part run on its own (`npx tsx bench/<part>.ts [sizes…]`): when `moduleUrl` is the script
 * Node was started with, builds and serves the app and runs `part` with the sizes on the command line.
 */
export async function runAlone(
  moduleUrl: string,
  title: string,
  part: (browser: Browser, baseUrl: string, sizes?: number[]) => Promise<unknown>,
): Promise<void> {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(resolve(process.argv[1])).href) return;
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  console.log(title);
  await withApp((browser, base) => part(browser, base, sizes.length ? sizes : undefined));
}
