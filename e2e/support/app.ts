import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { Snapshot } from '../../src/api';
import { MODEL_PATH } from './data';

export const MODEL_URL = '/test-models/mobilenet_v2_quant_feat1280.onnx';

/** Serves the real MobileNetV2 from ../shared at a URL of the app's origin (nothing is copied into the repo). */
export async function serveTestModel(page: Page): Promise<void> {
  const body = readFileSync(MODEL_PATH);
  await page.route(`**${MODEL_URL}`, (route) =>
    route.fulfill({ body, contentType: 'application/octet-stream', headers: { 'Cross-Origin-Resource-Policy': 'same-origin' } }),
  );
}

/** Browser storage of a returning visitor: the app starts empty instead of loading the demo sky. */
export const returningVisitor = (origin: string) => ({
  cookies: [],
  origins: [{ origin, localStorage: [{ name: 'latentSky.visited', value: 'test' }] }],
});

export const snapshot = (page: Page): Promise<Snapshot> => page.evaluate(() => window.latentSky.snapshot());

/** Collects uncaught page errors so a test can assert there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}
