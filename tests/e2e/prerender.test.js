// The page the build renders: the default plan is in the first HTML, readable with JavaScript
// off, and the app hydrates it. A page opened on a link or a stored plan must end up exactly as
// the same page drawn from scratch by the app: both are served side by side, the built page at
// /planner/ and a copy with the rendered content taken out at /scratch/, on one origin (so
// they share the stored plan).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { DIST, launchChromium, requireDist } from './support/browser.js';
import { serveDirectory } from './support/server.js';
import {
  allOutputs,
  applySelection,
  fieldErrors,
  formState,
  openPlanner,
  pageStatus,
  waitForRender,
} from './support/planner.js';

/** The built page with the app's element emptied, as it was before the build rendered it. */
function unrendered(page) {
  const opens = [...page.matchAll(/<div id="app"[^>]*>/g)];
  assert.equal(opens.length, 1, 'the built page has one app element');
  const start = opens[0].index;
  const end = page.lastIndexOf('</div>');
  assert.ok(end > start);
  return `${page.slice(0, start)}<div id="app">${page.slice(end)}`;
}

let site;
let server;
let browser;
before(async () => {
  requireDist();
  site = mkdtempSync(path.join(tmpdir(), 'prerender-'));
  cpSync(DIST, path.join(site, 'planner'), { recursive: true });
  cpSync(DIST, path.join(site, 'scratch'), { recursive: true });
  const scratchIndex = path.join(site, 'scratch', 'index.html');
  writeFileSync(scratchIndex, unrendered(readFileSync(scratchIndex, 'utf8')));
  server = await serveDirectory(site);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (site) {
    rmSync(site, { recursive: true, force: true });
  }
});

const url = (which, fragment = '') => `${server.url}${which}/${fragment}`;

/** Everything the page shows: the form, errors, status line, outputs and all the text. */
async function shown(page) {
  return {
    form: await formState(page),
    errors: await fieldErrors(page),
    status: await pageStatus(page),
    outputs: await allOutputs(page),
    text: await page.evaluate(() => document.getElementById('app').innerText),
  };
}

test('the first HTML holds the default plan, readable without JavaScript', async (t) => {
  const built = readFileSync(path.join(DIST, 'index.html'), 'utf8');
  assert.match(built, /data-output="policies-to-add"/);
  assert.ok(
    built.includes('arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore'),
    'the default policies are in the HTML as served',
  );

  const context = await browser.newContext({ javaScriptEnabled: false });
  t.after(() => context.close());
  const page = await context.newPage();
  await page.goto(url('planner'));
  const withoutScript = await allOutputs(page);
  assert.ok(await page.locator('[data-output="policies-to-add"]').isVisible());
  assert.ok(await page.locator('[data-output="cli-update-roles"]').isVisible());

  // Until the app answers, typing would be lost (hydration sets every value): fields are inert.
  const liveFields = () =>
    [...document.querySelectorAll('input, textarea, select')].filter((f) => !f.closest('[inert]')).length;
  assert.equal(await page.evaluate(liveFields), 0, 'no field takes input before the app');

  // With JavaScript, the hydrated page shows the same default plan, and every field is live.
  const { context: live, page: hydrated, problems } = await openPlanner(browser, url('planner'));
  t.after(() => live.close());
  assert.deepEqual(await allOutputs(hydrated), withoutScript);
  assert.equal(await hydrated.locator('[inert]').count(), 0);
  assert.ok((await hydrated.evaluate(liveFields)) > 20);
  assert.deepEqual(problems, []);
});

// A plan with features, fields in every kind of control and a field in error.
const PLAN = {
  features: ['core', 'session-manager', 's3-output', 'vss-snapshots'],
  partition: 'aws-us-gov',
  'account-id': '123456789012',
  bucket: 'ops-ssm-output',
  'bucket-prefix': 'run/',
  'role-names': 'WebRole\nBatchRole',
  'vss-policy': 'custom',
  hybrid: 'on',
  'hybrid-role-name': 'not a name!',
};

test('a link opens exactly as the page drawn from scratch', async (t) => {
  const { context, page, problems } = await openPlanner(browser, url('planner'));
  t.after(() => context.close());
  await applySelection(page, PLAN);
  await page.waitForFunction(() => location.hash.length > 1);
  const fragment = new URL(page.url()).hash;

  // Each in a new browser: nothing stored, the plan comes from the link alone.
  const opened = {};
  for (const which of ['planner', 'scratch']) {
    const fresh = await openPlanner(browser, url(which, fragment));
    t.after(() => fresh.context.close());
    opened[which] = await shown(fresh.page);
    assert.deepEqual(fresh.problems, [], which);
  }
  assert.deepEqual(opened.planner, opened.scratch);
  assert.deepEqual(opened.planner.form.features, [...PLAN.features].sort());
  assert.equal(opened.planner.form.partition, 'aws-us-gov');
  assert.ok(opened.planner.errors['hybrid-role-name'], 'the field in error says so');
  assert.deepEqual(problems, []);
});

// A link of features, one of which the page does not know.
const DAMAGED = { features: ['core', 'warp-drive'] };

test('a stored plan, and a damaged link, open exactly as the page drawn from scratch', async (t) => {
  const { context, page, problems } = await openPlanner(browser, url('planner'));
  t.after(() => context.close());
  await applySelection(page, PLAN);
  await page.waitForFunction(() => location.hash.length > 1);

  // The same browser: the plan comes from storage.
  const stored = {};
  for (const which of ['planner', 'scratch']) {
    await page.goto(url(which));
    await waitForRender(page);
    stored[which] = await shown(page);
  }
  assert.deepEqual(stored.planner, stored.scratch);
  assert.equal(stored.planner.form.fields['account-id'], '123456789012');

  // A link with a part the page cannot read: the status line says so in both.
  const damaged = {};
  for (const which of ['planner', 'scratch']) {
    await page.goto(url(which, `#${encodeURIComponent(JSON.stringify(DAMAGED))}`));
    await waitForRender(page);
    damaged[which] = await shown(page);
  }
  assert.deepEqual(damaged.planner, damaged.scratch);
  assert.notEqual(damaged.planner.status, '', 'the status line names what was left out');
  assert.deepEqual(problems, []);
});

// Runs before the page's scripts: once the HTML is parsed, marks the built page's header, and
// with `change`, changes the page as a browser's translation would (a text wrapped in <font>).
function touchBuiltPage(change) {
  document.addEventListener('DOMContentLoaded', () => {
    const header = document.querySelector('#app header');
    header.dataset.fromBuild = 'yes';
    if (change) {
      const lede = header.querySelector('.lede');
      const font = document.createElement('font');
      font.append(...lede.childNodes);
      lede.append(font);
    }
  });
}

test('the app takes over the built page as it is, without drawing it again', async (t) => {
  const { context, page, problems } = await openPlanner(browser, url('planner'), {
    init: `(${touchBuiltPage})(false)`,
  });
  t.after(() => context.close());
  assert.equal(await page.locator('#app header').getAttribute('data-from-build'), 'yes');
  // And it answers.
  await applySelection(page, { features: ['core', 's3-output'], 'account-id': '123456789012', bucket: 'ops-out' });
  await page.locator('[data-output="s3-policy"]').waitFor();
  assert.deepEqual(problems, []);
});

test('a built page changed before the app starts is drawn afresh, and works', async (t) => {
  const { context, page, problems } = await openPlanner(browser, url('planner'), {
    init: `(${touchBuiltPage})(true)`,
  });
  t.after(() => context.close());
  // Hydrating it would have stopped the app; it drew the page again instead.
  assert.equal(await page.locator('#app header').getAttribute('data-from-build'), null);
  assert.equal(await page.locator('#app font').count(), 0);
  await applySelection(page, { features: ['core', 's3-output'], 'account-id': '123456789012', bucket: 'ops-out' });
  await page.locator('[data-output="s3-policy"]').waitFor();
  assert.equal(await page.locator('#crash').count(), 0);
  assert.deepEqual(problems, []);
});

test('a page whose app cannot load says so, and takes no input', async (t) => {
  const context = await browser.newContext();
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.route(/\.wasm$/, (route) => route.abort());
  await page.goto(url('planner'));
  await page.waitForFunction(() =>
    /could not start/.test(document.querySelector('[data-page-status]')?.textContent ?? ''),
  );
  assert.ok(await page.locator('[data-page-status]').isVisible());
  assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-ready')), false);
  assert.ok(await page.locator('[name="account-id"]').evaluate((field) => field.closest('[inert]') !== null));
  assert.ok(errors.length > 0, 'the failure is in the console too');
});
