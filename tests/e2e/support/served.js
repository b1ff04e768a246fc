// The release build served on 127.0.0.1 and one headless Chromium, for all the tests of a
// file: started before the first, stopped after the last, whatever happens.
import { after, before } from 'node:test';

import { DIST, launchChromium, requireDist } from './browser.js';
import { serveDirectory } from './server.js';

/**
 * Serves dist/ under `prefix` (an S3 key prefix, say) and launches the browser for this test
 * file. The returned object's `server` and `browser` are set once the tests start.
 */
export function servedPlanner({ prefix = '/' } = {}) {
  const served = { server: undefined, browser: undefined };
  before(async () => {
    requireDist();
    served.server = await serveDirectory(DIST, { prefix });
    served.browser = await launchChromium();
  });
  after(async () => {
    await served.browser?.close();
    await served.server?.close();
  });
  return served;
}
