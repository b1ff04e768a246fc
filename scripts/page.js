// Loads a built page in headless Chromium for the screenshot and the benchmark.
//   node scripts/page.js screenshot FILE        a 1280-pixel-wide picture of the page in use
//   node scripts/page.js render-times N [DIR]   N cold loads; JSON with the times from navigation
//                                               to the outputs shown and to the page answering (ms)
//   node scripts/page.js latency N [DIR]        N ticks of a feature and N edits of a field in
//                                               each of three pages; JSON with the time of each
//                                               until every output has updated (ms)
//   node scripts/page.js estate-import N        N imports of a 5,000-role export; JSON with the
//                                               time from the paste to the full report (ms)
//   node scripts/page.js lighthouse N [DIR]     Lighthouse's performance, mobile defaults, the
//                                               median of N runs (3); JSON with the figures
// DIR is the built site to load, dist/ by default; the bench gives the minimal app's.
import path from 'node:path';

import { launchChromium, DIST, requireDist } from '../tests/e2e/support/browser.js';
import { serveDirectory } from '../tests/e2e/support/server.js';
import { lighthouse } from '../tests/e2e/support/lighthouse.js';
import { applySelection, openPlanner } from '../tests/e2e/support/planner.js';

// Runs before any page script: notes performance.now() (milliseconds since navigation start)
// when the first output has text (in the HTML as it arrives, or drawn by the app), and when
// the planner says it answers (data-ready on <html>).
function recordFirstRender() {
  const observer = new MutationObserver(() => {
    if (window.__shownMs === undefined && (document.querySelector('[data-output]')?.textContent ?? '') !== '') {
      window.__shownMs = performance.now();
    }
    if (window.__readyMs === undefined && document.documentElement.hasAttribute('data-ready')) {
      window.__readyMs = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, {
    childList: true,
    subtree: true,
    characterData: true,
    attributeFilter: ['data-ready'],
  });
}

/** The median, smallest, largest and 95th percentile of `times`, rounded to 0.1 ms. */
function summary(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const round = (t) => Math.round(t * 10) / 10;
  return {
    count: times.length,
    median: round(at(0.5)),
    p95: round(at(0.95)),
    min: round(sorted[0]),
    max: round(sorted[sorted.length - 1]),
  };
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

async function renderTimes(browser, url, loads, usesReady) {
  const shown = [];
  const ready = [];
  for (let i = 0; i < loads; i += 1) {
    // A new context each time: empty HTTP cache and storage, as on a first visit.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      await page.addInitScript(recordFirstRender);
      await page.goto(url);
      // A page that does not mark when it answers (the minimal app) answers once drawn.
      await page.waitForFunction(
        (usesReady) => window.__shownMs !== undefined && (!usesReady || window.__readyMs !== undefined),
        usesReady,
        { timeout: 15_000 },
      );
      const times = await page.evaluate(() => [window.__shownMs, window.__readyMs]);
      shown.push(times[0]);
      ready.push(usesReady ? times[1] : times[0]);
    } finally {
      await context.close();
    }
  }
  return {
    loads,
    shown: { ...summary(shown), times: shown.map((t) => Math.round(t)) },
    ready: { ...summary(ready), times: ready.map((t) => Math.round(t)) },
    chromium: browser.version(),
  };
}

// In the page: makes `count` changes of one kind and resolves with the milliseconds from each
// change to the page's last DOM change for it. Yew draws in a microtask after the event, and
// splits work longer than 16 ms over timer tasks; so after each change the page is given tasks
// (messages to its own channel) until one passes with no DOM change, and the time is that of
// the last change seen. Each change is checked to have reached the outputs, so a page that
// stopped updating cannot look fast.
function timeChanges({ kind, count }) {
  const settled = () =>
    new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(null);
    });
  let lastMutation = 0;
  let mutations = 0;
  new MutationObserver((records) => {
    lastMutation = performance.now();
    mutations += records.length;
  }).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
  const kinds = {
    // The planner: S3 output on and off, which adds and removes a policy and its outputs.
    tick: {
      change: () => document.querySelector('input[name="feature"][value="s3-output"]').click(),
      check: (i) =>
        document.querySelector('input[name="feature"][value="s3-output"]').checked === (i % 2 === 0) &&
        (document.querySelector('[data-output="s3-policy"]') !== null) === (i % 2 === 0),
    },
    // The planner: the account id typed, one character more each time, then back.
    type: {
      change: (i) => {
        const field = document.querySelector('input[name="account-id"]');
        field.value = String(100000000000 + i);
        field.dispatchEvent(new InputEvent('input', { bubbles: true }));
      },
      // With S3 output on, the custom policy's ARN in the list of policies names the account.
      check: (i) => document.querySelector('[data-output="policies-to-add"]').textContent.includes(`::${100000000000 + i}:`),
    },
    // The minimal app: its one checkbox.
    minimal: {
      change: () => document.querySelector('input[type=checkbox]').click(),
      check: (i) => document.querySelector('[data-output="state"]').textContent === (i % 2 === 0 ? 'ticked' : 'not ticked'),
    },
  };
  const { change, check } = kinds[kind];
  return (async () => {
    const times = [];
    for (let i = 0; i < count; i += 1) {
      const started = performance.now();
      lastMutation = started;
      change(i);
      let seen;
      do {
        seen = mutations;
        await settled();
      } while (mutations !== seen);
      times.push(lastMutation - started);
      if (!check(i)) {
        throw new Error(`change ${i} of kind ${kind} did not reach the outputs (${document.querySelector('input[name="feature"][value="s3-output"]')?.checked} ${document.querySelector('[data-output="s3-policy"]') !== null})`);
      }
    }
    return times;
  })();
}

/** The times of `count` changes of each kind in one fresh page. */
async function changeTimes(browser, url, count, minimal) {
  let context;
  let page;
  if (minimal) {
    context = await browser.newContext();
    page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => (document.querySelector('[data-output]')?.textContent ?? '') !== '');
  } else {
    ({ context, page } = await openPlanner(browser, url));
  }
  try {
    if (minimal) {
      return { tick: await page.evaluate(timeChanges, { kind: 'minimal', count }) };
    }
    // Features that show the outputs the changes touch: S3 output's policy, the scripts.
    await applySelection(page, {
      features: ['core', 'session-manager'],
      'account-id': '111122223333',
      bucket: 'ops-command-output',
      'role-names': 'AppRole',
    });
    const tick = await page.evaluate(timeChanges, { kind: 'tick', count });
    await applySelection(page, { features: ['core', 'session-manager', 's3-output'] });
    const type = await page.evaluate(timeChanges, { kind: 'type', count });
    return { tick, type };
  } finally {
    await context.close();
  }
}

// Pages, each with `count` changes of each kind, pooled: one page's figures vary from run to
// run more than the changes within it do.
const LATENCY_PAGES = 3;

async function latency(browser, url, count, minimal) {
  const pooled = { tick: [], type: [] };
  for (let i = 0; i < LATENCY_PAGES; i += 1) {
    const times = await changeTimes(browser, url, count, minimal);
    pooled.tick.push(...times.tick);
    pooled.type.push(...(times.type ?? []));
  }
  const result = { changes: count, pages: LATENCY_PAGES, tick: summary(pooled.tick) };
  if (!minimal) {
    result.type = summary(pooled.type);
  }
  return result;
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
    // A paste as the browser delivers it: the page reads a large one from the event.
    const data = new DataTransfer();
    data.setData('text/plain', text);
    area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
}

/** How long a page is left to settle before an import is timed. */
const SETTLE_MS = 2000;

async function estateImportTimes(browser, url, runs) {
  const count = 5000;
  const text = estateExport(count);
  const times = [];
  for (let i = 0; i < runs; i += 1) {
    // A fresh page each time, so that no earlier import is in memory; settled, as a page is
    // by the time its user has an export to paste (the browser finishes optimising the start's
    // code in the background for a second or so after the page answers).
    const { context, page } = await openPlanner(browser, url);
    try {
      await page.waitForTimeout(SETTLE_MS);
      times.push(await page.evaluate(timeImport, { text, rows: count }));
    } finally {
      await context.close();
    }
  }
  return {
    roles: count,
    bytes: text.length,
    runs,
    settleMs: SETTLE_MS,
    times: times.map((t) => Math.round(t)),
    median: Math.round(summary(times).median),
  };
}

/** Lighthouse's performance figures of `url`: the run of median score out of `runs`. */
async function performance(url, runs) {
  const results = [];
  for (let i = 0; i < runs; i += 1) {
    const lhr = await lighthouse(url, ['performance']);
    if (lhr.runtimeError) {
      throw new Error(`Lighthouse: ${JSON.stringify(lhr.runtimeError)}`);
    }
    results.push({
      performance: Math.round(lhr.categories.performance.score * 100),
      fcp: Math.round(lhr.audits['first-contentful-paint'].numericValue),
      lcp: Math.round(lhr.audits['largest-contentful-paint'].numericValue),
      tbt: Math.round(lhr.audits['total-blocking-time'].numericValue),
      version: lhr.lighthouseVersion,
    });
  }
  results.sort((a, b) => a.performance - b.performance || b.lcp - a.lcp);
  return { runs, ...results[Math.floor(results.length / 2)], scores: results.map((r) => r.performance) };
}

async function main([command, argument, dir]) {
  if (!['screenshot', 'render-times', 'latency', 'estate-import', 'lighthouse'].includes(command)) {
    throw new Error(
      'usage: node scripts/page.js screenshot FILE | render-times N [DIR] | latency N [DIR] | estate-import N | lighthouse N [DIR]',
    );
  }
  const site = dir ? path.resolve(dir) : DIST;
  // Only the planner marks when it answers; another site is taken as answering once drawn.
  const planner = site === DIST;
  if (planner) {
    requireDist();
  }
  // Compressed, as a CDN in front of the bucket would send it: transfer is counted gzipped.
  const server = await serveDirectory(site, { prefix: '/', gzip: true });
  const browser = await launchChromium();
  const count = (fallback) => Number.parseInt(argument ?? fallback, 10);
  try {
    if (command === 'screenshot') {
      await screenshot(browser, server.url, argument ?? 'docs/screenshot.png');
    } else if (command === 'estate-import') {
      console.log(JSON.stringify(await estateImportTimes(browser, server.url, count('5'))));
    } else if (command === 'lighthouse') {
      console.log(JSON.stringify(await performance(server.url, count('3'))));
    } else if (command === 'latency') {
      console.log(JSON.stringify(await latency(browser, server.url, count('200'), !planner)));
    } else {
      console.log(JSON.stringify(await renderTimes(browser, server.url, count('10'), planner)));
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
