// Starts the system Chromium (never a downloaded browser) the same way for the end-to-end
// tests, the screenshot and the benchmark.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The release build that the tests load; scripts/test builds it before the browser stage. */
export const DIST = path.join(ROOT, 'dist');

// Flags for a headless Chromium running as root in a container, with nothing phoning home.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** $CHROMIUM if set, else `chromium` on PATH. */
export function chromiumPath() {
  if (process.env.CHROMIUM) {
    return process.env.CHROMIUM;
  }
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('chromium not found on PATH; run scripts/setup or set CHROMIUM');
  }
}

/**
 * Launches headless Chromium. Playwright gives every launch a fresh temporary user data
 * directory and removes it on close, so no state leaks between runs.
 */
export async function launchChromium() {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** Fails early, with the command to run, when dist/ has not been built. */
export function requireDist() {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error('dist/index.html is missing; build it with: trunk build --release --offline');
  }
}
