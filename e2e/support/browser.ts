import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { chromium } from '@playwright/test';

/**
 * Finds a Chromium the way a user's machine has one: Playwright's own build when it was
 * installed (`npx playwright install chromium`), else $CHROMIUM_PATH, else a system Chromium
 * or Chrome on the PATH (Debian's `chromium` package here).
 */
export function findChromium(): string | undefined {
  try {
    const own = chromium.executablePath();
    if (own && existsSync(own)) return undefined; // Playwright uses its own build by default.
  } catch {
    // Playwright's browser is not installed: look further.
  }
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  for (const name of ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome']) {
    try {
      const path = execFileSync('which', [name], { encoding: 'utf8' }).trim();
      if (path) return path;
    } catch {
      // not on the PATH
    }
  }
  throw new Error("No Chromium found: run `npx playwright install chromium`, install your distribution's chromium, or set CHROMIUM_PATH");
}

/** Flags for headless Chromium on a closed network (no background calls home); WebGPU stays off unless asked for. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
