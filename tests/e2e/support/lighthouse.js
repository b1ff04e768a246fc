// Lighthouse 12.2.3 (pinned in package.json) on a served page, with the system Chromium:
// for the accessibility audits of the tests and the performance figure of the benchmark.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { CHROMIUM_ARGS, chromiumPath } from './browser.js';

const require = createRequire(import.meta.url);

/**
 * Runs Lighthouse's command line on `url` for `categories` (mobile defaults) and resolves to
 * its result object. Lighthouse starts its own Chromium (the system one, through CHROME_PATH)
 * with a fresh temporary profile that it removes when done; SIGINT lets it stop that browser on
 * a timeout.
 */
export async function lighthouse(url, categories) {
  const scratch = await mkdtemp(path.join(tmpdir(), 'ssm-plan-lighthouse-'));
  try {
    const report = path.join(scratch, 'report.json');
    const cli = path.join(path.dirname(require.resolve('lighthouse/package.json')), 'cli/index.js');
    await promisify(execFile)(
      process.execPath,
      [
        cli,
        url,
        `--only-categories=${categories.join(',')}`,
        `--chrome-flags=${['--headless', ...CHROMIUM_ARGS].join(' ')}`,
        '--output=json',
        `--output-path=${report}`,
        '--no-enable-error-reporting',
        '--quiet',
      ],
      { env: { ...process.env, CHROME_PATH: chromiumPath() }, timeout: 180_000, killSignal: 'SIGINT' },
    );
    return JSON.parse(await readFile(report, 'utf8'));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
