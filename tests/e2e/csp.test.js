// The page's Content Security Policy and what the page fetches: the policy in dist/index.html
// allows only the page's own files and pins its one inline script by hash; in Chromium the
// page breaks none of it, asks nothing of any other origin, and fetches nothing once loaded,
// whatever the user does. The policy is checked to be enforced, so that "no violation" means
// something. The hook that writes the policy is run on made-up pages too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { DIST, ROOT } from './support/browser.js';
import { servedPlanner } from './support/served.js';
import {
  applySelection,
  openPlanner,
  outputText,
  typeField,
  waitForOutputContaining,
  waitForRender,
} from './support/planner.js';


const served = servedPlanner({ prefix: '/planner/' });

/** The policy's directives, by name, from the meta element of an HTML text. */
function policyOf(html) {
  const meta = html.match(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i);
  assert.ok(meta, 'index.html has a Content-Security-Policy meta element');
  return Object.fromEntries(
    meta[1]
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name, sources]),
  );
}

/** The base64 SHA-256 of each inline script's text, computed here, not by the build's hook. */
function inlineScriptHashes(html) {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    .filter(([, attrs]) => !/\bsrc\s*=/.test(attrs))
    .map(([, , body]) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
}

/** The same for each <style> element's text. */
function inlineStyleHashes(html) {
  return [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map(
    ([, body]) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`,
  );
}

// Runs before the page's own scripts: every violation the browser reports is kept.
function recordViolations() {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`);
  });
}

// Runs before the page's own scripts: counts the page's uses of the clipboard, by method.
function recordClipboard() {
  window.__clipboard = {};
  for (const method of ['read', 'readText', 'write', 'writeText']) {
    const original = Clipboard.prototype[method];
    Clipboard.prototype[method] = function (...args) {
      window.__clipboard[method] = (window.__clipboard[method] ?? 0) + 1;
      return original.apply(this, args);
    };
  }
}

test('the built page allows only its own files and pins its inline script by hash', () => {
  const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const policy = policyOf(html);
  assert.deepEqual(policy['default-src'], ["'none'"]);
  // The style sheet is inline (one request fewer before the first paint), pinned by its hash.
  const styles = inlineStyleHashes(html);
  assert.equal(styles.length, 1, 'the style sheet is the one inline style');
  assert.deepEqual(policy['style-src'], ["'self'", ...styles]);
  assert.deepEqual(policy['connect-src'], ["'self'"]);
  assert.deepEqual(policy['base-uri'], ["'self'"]);
  assert.deepEqual(policy['form-action'], ["'none'"]);
  assert.deepEqual(policy['img-src'], ['data:']);

  const hashes = inlineScriptHashes(html);
  assert.equal(hashes.length, 1, "trunk's loader is the one inline script");
  assert.deepEqual(policy['script-src'], ["'self'", ...hashes, "'wasm-unsafe-eval'"]);

  const sources = Object.values(policy).flat();
  for (const loose of ["'unsafe-eval'", "'unsafe-inline'", "'unsafe-hashes'", '*', 'http:', 'https:']) {
    assert.ok(!sources.includes(loose), `the policy does not allow ${loose}`);
  }
  // A policy applies only to what comes after it.
  assert.ok(
    html.indexOf('Content-Security-Policy') < html.search(/<(script|link|style|base)\b/i),
    'the policy comes before every script, style sheet and <base>',
  );
  // frame-ancestors is ignored (with a console error) in a meta element: it is a header's.
  assert.equal(policy['frame-ancestors'], undefined);
});

test('in use, the page breaks no rule, asks no other origin and fetches nothing after load', async (t) => {
  const { context, page, problems } = await openPlanner(served.browser, served.server.url, {
    init: `(${recordViolations})(); (${recordClipboard})();`,
  });
  t.after(() => context.close());
  // The first load must be over before the reload, or the reload aborts its .wasm request.
  await page.waitForLoadState('networkidle');
  const requests = [];
  let loaded = false;
  context.on('request', (request) => requests.push({ url: request.url(), after: loaded }));
  // The page's first requests were made before the listener; reload to see them all.
  await page.reload();
  await waitForRender(page);
  await page.waitForLoadState('networkidle');
  loaded = true;

  // The recorder sees the page's own loads: the page (its style sheet inline), glue and wasm.
  for (const ending of ['/planner/', '.js', '.wasm']) {
    assert.ok(requests.some((r) => r.url.split('#')[0].endsWith(ending)), `a request for ${ending}`);
  }
  assert.equal(requests.filter((r) => !r.after).length, 3, 'three files in all');
  const files = new Set(readdirSync(DIST));
  const origin = new URL(served.server.url).origin;
  for (const { url } of requests) {
    assert.equal(new URL(url).origin, origin, `${url} is of the page's origin`);
    const file = new URL(url).pathname.slice('/planner/'.length);
    assert.ok(file === '' || files.has(file), `${url} is a file of dist/`);
  }

  // Everything a user does: tick, choose, type, copy, download, start over.
  const account = '123456789012';
  const bucket = 'example-ssm-output';
  await applySelection(page, {
    features: ['core', 'session-manager', 's3-output', 'vss-snapshots', 'domain-join'],
    partition: 'aws-us-gov',
    'account-id': account,
    bucket,
    'role-names': 'AppServerRole',
    'vss-policy': 'custom',
    's3-route': 'vpc-endpoint',
    regions: 'us-gov-west-1',
  });
  await waitForOutputContaining(page, 's3-policy', bucket);
  // The address follows once the changes pause.
  await page.waitForFunction((bucket) => decodeURIComponent(location.hash).includes(bucket), bucket);
  await page.locator('button[data-copy="s3-policy"]').click();
  await page.waitForFunction(() => /copied/i.test(document.getElementById('copy-status-s3-policy')?.textContent));
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('button[data-download="cli-update-roles"]').click(),
  ]);
  assert.equal(await readFile(await download.path(), 'utf8'), await outputText(page, 'cli-update-roles'));
  await typeField(page, 'bucket', 'Not A Bucket');
  await page.locator('[data-error="bucket"]').waitFor({ state: 'visible' });
  await page.getByRole('button', { name: 'Start over' }).click();
  await page.waitForLoadState('networkidle');

  const afterLoad = requests.filter((r) => r.after).map((r) => r.url);
  // A download is offered from a blob: URL made in the page: nothing leaves it.
  assert.deepEqual(afterLoad.filter((url) => !url.startsWith(`blob:${origin}/`)), []);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  // The clipboard is written once, for the one Copy click, and never read.
  assert.deepEqual(await page.evaluate(() => window.__clipboard), { writeText: 1 });
  // The server saw file names only: the plan in the fragment never reached it.
  const received = served.server.received.join('\n');
  for (const typed of [account, bucket, 'AppServerRole', 'features']) {
    assert.ok(!received.includes(typed), `the server never received ${typed}:\n${received}`);
  }
  assert.equal(await page.locator('[style]').count(), 0, 'no element carries a style attribute');
  assert.deepEqual(problems, []);
});

test('the policy is enforced: inline script, eval, other origins and style attributes are blocked', async (t) => {
  const { context, page } = await openPlanner(served.browser, served.server.url, { init: recordViolations });
  t.after(() => context.close());
  // Another origin on this machine: the test itself never reaches beyond it.
  const other = 'http://127.0.0.1:9/';
  // Code that page.evaluate runs directly is exempt from the policy's eval rule, so the
  // attempts run in a click listener, as the page's own code would.
  await page.evaluate((other) => {
    document.addEventListener(
      'click',
      async () => {
        const script = document.createElement('script');
        script.textContent = 'window.__inlineRan = true;';
        document.body.append(script);
        let evalRan = false;
        try {
          evalRan = eval('true');
        } catch {
          // blocked
        }
        const fetched = await fetch(other).then(
          () => true,
          () => false,
        );
        document.body.setAttribute('style', 'color: red');
        // Violations are reported as events, a moment later.
        await new Promise((resolve) => setTimeout(resolve, 200));
        window.__outcome = {
          inlineRan: window.__inlineRan === true,
          evalRan,
          fetched,
          violations: window.__violations,
        };
      },
      { once: true },
    );
  }, other);
  await page.mouse.click(2, 2);
  const outcome = await (await page.waitForFunction(() => window.__outcome)).jsonValue();
  assert.equal(outcome.inlineRan, false, 'an injected inline script does not run');
  assert.equal(outcome.evalRan, false, 'eval does not run');
  assert.equal(outcome.fetched, false, 'another origin cannot be fetched');
  const directives = outcome.violations.map((v) => v.split(' ')[0]).sort();
  assert.deepEqual(directives, ['connect-src', 'script-src', 'script-src-elem', 'style-src-attr']);
});

test('the build hook pins each inline script and style, and refuses what it cannot pin', async (t) => {
  const scratch = await mkdtemp(path.join(tmpdir(), 'csp-hook-'));
  t.after(() => rm(scratch, { recursive: true, force: true }));
  const hook = (html) => {
    const file = path.join(scratch, 'index.html');
    return writeFile(file, html).then(() => ({
      run: spawnSync('bash', [path.join(ROOT, 'scripts/csp'), file], { encoding: 'utf8' }),
      file,
    }));
  };
  const head = '<!doctype html><html><head><meta charset="utf-8">';
  const script = '\nimport init from "./app.js";\nawait init();\n';
  const style = 'body { color: red }';
  const { run, file } = await hook(
    `${head}<style>${style}</style><script type="module">${script}</script></head><body></body></html>`,
  );
  assert.equal(run.status, 0, run.stderr);
  const policy = policyOf(await readFile(file, 'utf8'));
  const sha = (text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
  assert.deepEqual(policy['script-src'], ["'self'", sha(script), "'wasm-unsafe-eval'"]);
  assert.deepEqual(policy['style-src'], ["'self'", sha(style)]);

  for (const [what, body] of [
    ['an event handler', '<body onload="go()">'],
    ['a style attribute', '<body><p style="color: red">'],
    ['a javascript: URL', '<body><a href="javascript:go()">'],
    ['a script from another origin', '<body><script src="https://example.com/x.js"></script>'],
    ['a style sheet from another origin', '<link rel="stylesheet" href="//example.com/x.css"><body>'],
    ['a policy already there', '<meta http-equiv="Content-Security-Policy" content="x"><body>'],
  ]) {
    const refused = await hook(`${head}<script type="module">${script}</script></head>${body}</html>`);
    assert.notEqual(refused.run.status, 0, `the hook refuses ${what}`);
    assert.match(refused.run.stderr, /csp: error/, what);
  }
});
