import { defineConfig } from '@playwright/test';
import { returningVisitor } from './e2e/support/app';
import { CHROMIUM_ARGS, findChromium } from './e2e/support/browser';

// Several checkouts (or developers' helpers) can run e2e at once on one machine, each on its own
// port and build folder: E2E_PORT and E2E_OUT_DIR; CI uses the defaults.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const OUT_DIR = process.env.E2E_OUT_DIR ?? 'dist';

export default defineConfig({
  testDir: 'e2e',
  timeout: 240_000,
  expect: { timeout: 30_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: process.env.E2E_RESULTS ?? 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
    viewport: { width: 1440, height: 900 },
    trace: 'retain-on-failure',
    // Tests start as returning visitors (an empty app); the offline test opts back into the first visit.
    storageState: returningVisitor(`http://127.0.0.1:${PORT}`),
  },
  // The production build, served with the same COOP/COEP headers as the dev server.
  webServer: {
    command: `npx tsx models/build/prepare.ts && npx vite build --logLevel warn --outDir ${OUT_DIR} && npx vite preview --outDir ${OUT_DIR} --port ${PORT} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
  },
});
