// Loads the built page (dist/) in headless Chromium for the screenshot and the benchmark.
//   node scripts/page.js screenshot FILE   a 1280-pixel-wide picture of the page in use
//   node scripts/page.js render-times N    N cold loads; prints JSON with the time from
//                                          navigation to the first rendered policy list (ms)
import { launchChromium, DIST, requireDist } from '../tests/e2e/support/browser.js';
import { serveDirectory } from '../tests/e2e/support/server.js';
import { applySelection, openPlanner } from '../tests/e2e/support/planner.js';

// Runs before any page script: notes performance.now() (milliseconds since navigation start)
// at the first moment the policy list has text.
function recordFirstRender() {
  const rendered = () =>
    (document.querySelector('[data-output="policies-to-add"]')?.textContent ?? '') !== '';
  const observer = new MutationObserver(() => {
    if (rendered()) {
      window.__firstRenderMs = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
}

async function screenshot(browser, url, file) {
  const { context, page, problems } = await openPlanner(browser, url);
  try {
    await applySelection(page, {
      features: ['core', 'session-manager', 'cloudwatch-agent', 's3-output'],
      'account-id': '123456789012',
      bucket: 'example-ssm-command-output',
      'role-names': 'AppServerRole\nBuildAgentRole',
    });
    await page.waitForFunction(() =>
      document.querySelector('[data-output="s3-policy"]')?.textContent.includes('example-ssm'),
    );
    // The page keeps the selection: reloading shows it as a visitor first sees it, with no
    // field focused. The browser restores the scroll position on reload; go back to the top.
    await page.setViewportSize({ width: 1280, height: 1400 });
    await page.reload();
    await page.waitForFunction(() =>
      document.querySelector('[data-output="s3-policy"]')?.textContent.includes('example-ssm'),
    );
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForFunction(() => window.scrollY === 0);
    await page.screenshot({ path: file });
    if (problems.length > 0) {
      throw new Error(`the page reported problems:\n${problems.join('\n')}`);
    }
  } finally {
    await context.close();
  }
}

async function renderTimes(browser, url, loads) {
  const times = [];
  for (let i = 0; i < loads; i += 1) {
    // A new context each time: empty HTTP cache and storage, as on a first visit.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      await page.addInitScript(recordFirstRender);
      await page.goto(url);
      await page.waitForFunction(() => window.__firstRenderMs !== undefined);
      times.push(await page.evaluate(() => window.__firstRenderMs));
    } finally {
      await context.close();
    }
  }
  const sorted = [...times].sort((a, b) => a - b);
  return {
    loads,
    times: times.map((t) => Math.round(t)),
    median: Math.round(sorted[Math.floor(sorted.length / 2)]),
    min: Math.round(sorted[0]),
    max: Math.round(sorted[sorted.length - 1]),
    chromium: browser.version(),
  };
}

async function main([command, argument]) {
  if (command !== 'screenshot' && command !== 'render-times') {
    throw new Error('usage: node scripts/page.js screenshot FILE | render-times N');
  }
  requireDist();
  const server = await serveDirectory(DIST, { prefix: '/' });
  const browser = await launchChromium();
  try {
    if (command === 'screenshot') {
      await screenshot(browser, server.url, argument ?? 'docs/screenshot.png');
    } else {
      const loads = Number.parseInt(argument ?? '5', 10);
      console.log(JSON.stringify(await renderTimes(browser, server.url, loads)));
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main(process.argv.slice(2)).catch((error) => {
  console.error(`page.js: ${error.message}`);
  process.exitCode = 1;
});
