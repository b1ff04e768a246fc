// Loads the built page (dist/) in headless Chromium for the screenshot and the benchmark.
//   node scripts/page.js screenshot FILE   a 1280-pixel-wide picture of the page in use
//   node scripts/page.js render-times N    N cold loads; prints JSON with the time from
//                                          navigation to the first rendered policy list (ms)
//   node scripts/page.js estate-import N   N imports of a 5,000-role export; prints JSON with
//                                          the time from the paste to the full report (ms)
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

/** An export of `count` roles, each carrying the old policy. */
function estateExport(count) {
  const old = 'arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM';
  return JSON.stringify({
    RoleDetailList: Array.from({ length: count }, (_, i) => ({
      RoleName: `role-${i}`,
      Arn: `arn:aws:iam::111122223333:role/role-${i}`,
      AttachedManagedPolicies: [{ PolicyName: 'AmazonEC2RoleforSSM', PolicyArn: old }],
      InstanceProfileList: [{ InstanceProfileName: `role-${i}` }],
    })),
  });
}

// In the page: pastes `text` into the import box and resolves with the milliseconds until the
// report has `rows` rows.
function timeImport({ text, rows }) {
  return new Promise((resolve) => {
    const area = document.querySelector('textarea[name="estate"]');
    // Done once the report names every role (the table draws the first ones at once).
    const done = () => document.querySelector('[data-output="estate-report"]')?.dataset.roles === String(rows);
    const started = performance.now();
    const observer = new MutationObserver(() => {
      if (done()) {
        observer.disconnect();
        resolve(performance.now() - started);
      }
    });
    observer.observe(document.body, { childList: true, subtree: true });
    area.value = text;
    area.dispatchEvent(new InputEvent('input', { bubbles: true }));
  });
}

async function estateImportTimes(browser, url, runs) {
  const count = 5000;
  const text = estateExport(count);
  const times = [];
  for (let i = 0; i < runs; i += 1) {
    // A fresh page each time, so that no earlier import is in memory.
    const { context, page } = await openPlanner(browser, url);
    try {
      times.push(await page.evaluate(timeImport, { text, rows: count }));
    } finally {
      await context.close();
    }
  }
  const sorted = [...times].sort((a, b) => a - b);
  return {
    roles: count,
    bytes: text.length,
    runs,
    times: times.map((t) => Math.round(t)),
    median: Math.round(sorted[Math.floor(sorted.length / 2)]),
  };
}

async function main([command, argument]) {
  if (!['screenshot', 'render-times', 'estate-import'].includes(command)) {
    throw new Error('usage: node scripts/page.js screenshot FILE | render-times N | estate-import N');
  }
  requireDist();
  const server = await serveDirectory(DIST, { prefix: '/' });
  const browser = await launchChromium();
  try {
    if (command === 'screenshot') {
      await screenshot(browser, server.url, argument ?? 'docs/screenshot.png');
    } else if (command === 'estate-import') {
      const runs = Number.parseInt(argument ?? '5', 10);
      console.log(JSON.stringify(await estateImportTimes(browser, server.url, runs)));
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
