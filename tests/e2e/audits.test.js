// The accessibility audits, on the release build as it is served: Lighthouse's accessibility,
// best practices and SEO scores, axe-core in light and dark mode and with fields in error, the
// keyboard alone, what a screen reader is told, reduced motion, print and a 360-pixel screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

import { ROOT } from './support/browser.js';
import { lighthouse } from './support/lighthouse.js';
import { servedPlanner } from './support/served.js';
import {
  FEATURES,
  TEXT_FIELDS,
  applySelection,
  fieldErrors,
  openPlanner,
  typeField,
  waitForOutputContaining,
} from './support/planner.js';

const require = createRequire(import.meta.url);
const served = servedPlanner();

const ACCOUNT = '111122223333';
const OLD = 'arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM';

// Every feature, road and choice on, so that every field, output and note is in the page.
const EVERYTHING = {
  features: FEATURES,
  hybrid: 'on',
  organization: 'on',
  'account-id': ACCOUNT,
  bucket: 'ssm-output',
  'bucket-prefix': 'runs',
  'kms-key-arn': `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  'role-names': 'web\nbatch',
  'vss-policy': 'custom',
  's3-route': 'vpc-endpoint',
  regions: 'us-east-1, eu-west-1',
  'ou-ids': 'ou-ab12-cd34ef56',
};

const EXPORT = JSON.stringify({
  RoleDetailList: [
    {
      RoleName: 'web',
      Arn: `arn:aws:iam::${ACCOUNT}:role/web`,
      AttachedManagedPolicies: [{ PolicyName: 'AmazonEC2RoleforSSM', PolicyArn: OLD }],
      InstanceProfileList: [{ InstanceProfileName: 'web-profile' }],
    },
  ],
  UserDetailList: [],
  GroupDetailList: [],
  Policies: [],
});

const DENIAL = `AccessDeniedException: User: arn:aws:sts::${ACCOUNT}:assumed-role/web/i-0abc is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::ssm-output/runs/i-0abc/stdout because no identity-based policy allows the s3:PutObject action`;

// A value each text field refuses, so that its message shows.
const BAD = {
  'account-id': '12',
  bucket: 'Bad_Bucket',
  'bucket-prefix': 'runs/*',
  'kms-key-arn': 'not-a-key',
  'role-names': 'web servers!',
  'policies-per-role': '0',
  's3-policy-name': 'bad,name',
  'vss-policy-name': 'bad,name',
  regions: 'nowhere-9',
  'aws-buckets-policy-name': 'bad,name',
  'hybrid-role-name': 'bad role!',
  'ou-ids': 'ou-NOPE',
};

// The paste boxes, with text each cannot read.
const UNREADABLE = {
  estate: '{',
  'iac-source': 'no template here',
  denial: 'no denial here',
};

/** Fills in everything and pastes into every box, then waits until all of it shows. */
async function showEverything(page) {
  await applySelection(page, EVERYTHING);
  await waitForOutputContaining(page, 'cli-org', 'ou-ab12-cd34ef56');
  await page.locator('textarea[name="estate"]').fill(EXPORT);
  await page.locator('[data-output="estate-report"]').waitFor();
  const template = await readFile(path.join(ROOT, 'tests/iac-corpus/terraform.tf'), 'utf8');
  await page.locator('textarea[name="iac-source"]').fill(template);
  await page.locator('[data-output="iac-rewritten"]').waitFor();
  await page.locator('textarea[name="denial"]').fill(DENIAL);
  await page.locator('[data-output="denial-explained"]').waitFor();
}

/** Types a refused value into a few fields and waits for their messages. */
async function putFieldsInError(page) {
  const names = ['account-id', 'bucket', 'kms-key-arn', 'role-names', 'regions'];
  for (const name of names) {
    await typeField(page, name, BAD[name]);
  }
  await page.waitForFunction(
    (names) => names.every((n) => document.querySelector(`[data-error="${n}"]`)?.textContent.trim()),
    names,
  );
}

const AXE_SOURCE = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core on the page as it is. It is evaluated through the browser's debugging
 * protocol, which the page's Content Security Policy does not govern, so the page is audited
 * with its policy in force.
 */
async function axe(page) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const results = await window.axe.run(document);
    return {
      version: window.axe.version,
      violations: results.violations.map((v) => ({
        id: v.id,
        help: v.help,
        nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
      })),
      passed: Object.fromEntries(results.passes.map((p) => [p.id, p.nodes.length])),
    };
  });
}

/**
 * Asserts no violation, and that the rules that matter most here did check the page: an empty
 * page would pass too, so the counts say the form (and `buttons` buttons at least) were there.
 */
function assertAxeClean(t, result, what, { buttons }) {
  const { label, 'button-name': named, 'color-contrast': contrast } = result.passed;
  t.diagnostic(
    `axe-core ${result.version} ${what}: ${Object.keys(result.passed).length} rules passed; ` +
      `contrast on ${contrast} elements, labels on ${label}, names on ${named} buttons`,
  );
  assert.equal(result.version, require('axe-core/package.json').version);
  assert.deepEqual(result.violations, [], `axe-core violations ${what}`);
  assert.ok(contrast > 200, `contrast checked on ${contrast} elements ${what}`);
  assert.ok(label >= TEXT_FIELDS.length, `labels checked on ${label} fields ${what}`);
  assert.ok(named >= buttons, `names checked on ${named} buttons ${what}`);
}

test('Lighthouse scores accessibility, best practices and SEO at 100', async (t) => {
  const lhr = await lighthouse(served.server.url, ['accessibility', 'best-practices', 'seo']);
  assert.equal(lhr.lighthouseVersion, '12.2.3');
  assert.equal(lhr.runtimeError, undefined, JSON.stringify(lhr.runtimeError));
  assert.ok(lhr.finalDisplayedUrl.startsWith(served.server.url), lhr.finalDisplayedUrl);
  assert.deepEqual(Object.keys(lhr.categories).sort(), ['accessibility', 'best-practices', 'seo']);
  // Run, not skipped: without the rendered form and outputs, label and button-name would be
  // "not applicable" and an empty page could score 100.
  for (const id of ['color-contrast', 'label', 'button-name', 'document-title', 'meta-description', 'errors-in-console']) {
    assert.notEqual(lhr.audits[id].scoreDisplayMode, 'notApplicable', `${id} was not applicable`);
  }
  const scores = Object.values(lhr.categories).map((c) => `${c.id} ${Math.round(c.score * 100)}`);
  t.diagnostic(`Lighthouse ${lhr.lighthouseVersion}: ${scores.join(', ')}`);
  for (const [id, category] of Object.entries(lhr.categories)) {
    const failed = category.auditRefs
      .map((ref) => lhr.audits[ref.id])
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative')
      .map((a) => {
        const where = (a.details?.items ?? []).map((i) => i.node?.snippet ?? i.description ?? i.url).filter(Boolean);
        return `${a.id} (${a.title}): ${where.slice(0, 5).join(' | ')}`;
      });
    assert.equal(category.score, 1, `${id} scores ${Math.round(category.score * 100)}: ${failed.join('; ')}`);
  }
});

test('axe-core finds no violation in light or dark mode, with everything shown', async (t) => {
  const { context, page, problems } = await openPlanner(served.browser, served.server.url);
  t.after(() => context.close());
  await showEverything(page);
  await page.emulateMedia({ colorScheme: 'light' });
  assertAxeClean(t, await axe(page), 'in light mode', { buttons: 30 });
  await page.emulateMedia({ colorScheme: 'dark' });
  // The page follows the dark scheme (so the second audit audits other colours).
  assert.notEqual(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(244, 246, 248)');
  assertAxeClean(t, await axe(page), 'in dark mode', { buttons: 30 });
  assert.deepEqual(problems, []);
});

test('axe-core finds no violation with fields in error, in light and dark mode', async (t) => {
  const { context, page, problems } = await openPlanner(served.browser, served.server.url);
  t.after(() => context.close());
  await showEverything(page);
  await putFieldsInError(page);
  for (const [name, text] of Object.entries(UNREADABLE)) {
    await page.locator(`textarea[name="${name}"]`).fill(text);
  }
  await page.waitForFunction(
    (names) => names.every((n) => document.querySelector(`[data-error="${n}"]`)?.textContent.trim()),
    Object.keys(UNREADABLE),
  );
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    // The fields in error block most outputs, and their buttons with them.
    assertAxeClean(t, await axe(page), `with fields in error, in ${scheme} mode`, { buttons: 5 });
  }
  assert.deepEqual(problems, []);
});

test('the keyboard alone reaches every control in document order, each with a visible focus', async (t) => {
  const { context, page, problems } = await openPlanner(served.browser, served.server.url);
  t.after(() => context.close());
  await showEverything(page);
  // One list of reasons open, so that the links in it count too.
  await page.locator('details.policy-actions summary').first().click();
  // What Tab should reach, in document order: every enabled, rendered control, and of a
  // group of radio buttons the chosen one. Kept in a script variable, not in the DOM.
  const expected = await page.evaluate(() => {
    const controls = [
      ...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]'),
    ].filter(
      (el) =>
        !el.disabled &&
        el.tabIndex >= 0 &&
        // Not hidden, nor skipped inside a closed <details>.
        el.checkVisibility({ visibilityProperty: true }) &&
        !(el.type === 'radio' && !el.checked),
    );
    window.tabOrder = controls;
    return controls.map((el) => el.name || el.dataset.output || el.dataset.copy || el.dataset.download || el.tagName);
  });
  const kinds = await page.evaluate(() => window.tabOrder.map((el) => el.type || el.tagName.toLowerCase()));
  for (const kind of ['text', 'textarea', 'select-one', 'checkbox', 'radio', 'file', 'button', 'a', 'pre', 'summary']) {
    assert.ok(kinds.includes(kind), `a ${kind} among the ${expected.length} controls`);
  }
  const radioGroups = await page.evaluate(
    () => new Set([...document.querySelectorAll('input[type=radio]')].map((r) => r.name)).size,
  );
  assert.equal(kinds.filter((k) => k === 'radio').length, radioGroups, 'one stop for each group of radios');

  // Tab starts from where the page was last clicked: the title, above every control.
  await page.locator('h1').click();
  const reached = [];
  for (let press = 0; press < expected.length + 3; press++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) {
        return null;
      }
      const style = getComputedStyle(el);
      return {
        index: window.tabOrder.indexOf(el),
        what: el.outerHTML.slice(0, 80),
        visible: el.matches(':focus-visible'),
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        shadow: style.boxShadow !== 'none',
      };
    });
    if (stop === null) {
      break;
    }
    assert.ok(stop.index >= 0, `Tab reached something unexpected: ${stop.what}`);
    assert.ok(stop.visible && (stop.outline || stop.shadow), `no visible focus on ${stop.what}`);
    reached.push(stop.index);
  }
  t.diagnostic(`${reached.length} stops of Tab, each with a visible focus`);
  assert.deepEqual(
    reached.map((i) => expected[i]),
    expected,
    'every control, once each, in document order',
  );
  assert.deepEqual(problems, []);
});

test('a copy is announced, and each field in error names its message', async (t) => {
  const { context, page, problems } = await openPlanner(served.browser, served.server.url);
  t.after(() => context.close());
  await applySelection(page, EVERYTHING);

  // The status is in the page, empty, before the copy: a live region announces what changes.
  const button = page.locator('button[data-copy="policies-to-add"]');
  const statusId = (await button.getAttribute('aria-describedby')).split(' ').find((id) => id.startsWith('copy-status'));
  const status = page.locator(`#${statusId}`);
  assert.equal(await status.getAttribute('role'), 'status');
  assert.equal(await status.getAttribute('aria-live'), 'polite');
  assert.equal(await status.textContent(), '');
  await button.click();
  await page.waitForFunction((id) => document.getElementById(id)?.textContent === 'Copied', statusId);

  const fields = [
    ...TEXT_FIELDS.map((name) => [name, BAD[name], (n, v) => typeField(page, n, v)]),
    ...Object.entries(UNREADABLE).map(([name, text]) => [name, text, (n, v) => page.locator(`[name="${n}"]`).fill(v)]),
  ];
  assert.equal(fields.length, 15);
  for (const [name, bad, enter] of fields) {
    const control = page.locator(`[name="${name}"]`).first();
    const before = await control.inputValue();
    await enter(name, bad);
    await page.waitForFunction(
      (n) => document.querySelector(`[data-error="${n}"]`)?.textContent.trim(),
      name,
    );
    const tie = await page.evaluate((n) => {
      const control = document.querySelector(`textarea[name="${n}"], input[name="${n}"]`);
      const error = document.querySelector(`[data-error="${n}"]`);
      return {
        invalid: control.getAttribute('aria-invalid'),
        describedBy: (control.getAttribute('aria-describedby') ?? '').split(/\s+/),
        errorId: error.id,
        live: error.getAttribute('aria-live'),
      };
    }, name);
    assert.equal(tie.invalid, 'true', `${name} is marked invalid`);
    assert.ok(tie.errorId && tie.describedBy.includes(tie.errorId), `${name} is described by its message`);
    assert.equal(tie.live, 'polite', `${name}'s message is announced`);
    await enter(name, before);
    await page.waitForFunction(
      (n) =>
        !document.querySelector(`[data-error="${n}"]`)?.textContent.trim() &&
        document.querySelector(`[name="${n}"]`).getAttribute('aria-invalid') === 'false',
      name,
    );
  }
  assert.deepEqual(await fieldErrors(page), {});
  assert.deepEqual(problems, []);
});

test('with reduced motion nothing moves', async (t) => {
  const { context, page, problems } = await openPlanner(served.browser, served.server.url);
  t.after(() => context.close());
  const moving = () =>
    page.evaluate(() => {
      const moves = (value) => value.split(',').some((d) => parseFloat(d) > 0);
      return {
        button: getComputedStyle(document.querySelector('button[data-copy]')).transitionDuration,
        elements: [...document.querySelectorAll('*')].length,
        moving: [...document.querySelectorAll('*')]
          .filter((el) => {
            const s = getComputedStyle(el);
            return moves(s.transitionDuration) || moves(s.animationDuration);
          })
          .map((el) => el.outerHTML.slice(0, 60)),
        scroll: getComputedStyle(document.documentElement).scrollBehavior,
      };
    });
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  const usual = await moving();
  assert.ok(usual.moving.length > 0, 'buttons ease their hover colours when motion is welcome');
  assert.notEqual(usual.button, '0s');
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const reduced = await moving();
  assert.ok(reduced.elements > 500, `${reduced.elements} elements looked at`);
  assert.deepEqual(reduced.moving, []);
  assert.equal(reduced.button, '0s');
  assert.equal(reduced.scroll, 'auto');
  assert.deepEqual(problems, []);
});

test('the plan prints whole, black on white, without the controls', async (t) => {
  const { context, page, problems } = await openPlanner(served.browser, served.server.url);
  t.after(() => context.close());
  await showEverything(page);
  // A dark screen still prints black on white.
  await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
  const printed = await page.evaluate(() => {
    const shown = (el) => el.getClientRects().length > 0;
    const blocks = [...document.querySelectorAll('pre[data-output]')];
    return {
      body: [getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor],
      buttons: document.querySelectorAll('button').length,
      buttonsShown: [...document.querySelectorAll('button')].filter(shown).map((b) => b.textContent),
      controlsShown: [...document.querySelectorAll('input, select, textarea')].filter(shown).map((c) => c.name),
      blocks: blocks.length,
      clipped: blocks
        .filter((pre) => {
          const s = getComputedStyle(pre);
          return (
            !shown(pre) ||
            s.overflowX !== 'visible' ||
            s.overflowY !== 'visible' ||
            s.maxHeight !== 'none' ||
            s.whiteSpace !== 'pre-wrap' ||
            pre.scrollWidth > pre.clientWidth + 1 ||
            pre.scrollHeight > pre.clientHeight + 1
          );
        })
        .map((pre) => pre.dataset.output),
      shadows: [...document.querySelectorAll('*')]
        .filter((el) => getComputedStyle(el).boxShadow !== 'none')
        .map((el) => el.outerHTML.slice(0, 60)),
      tableClipped: [...document.querySelectorAll('.table-scroll')].filter(
        (el) => el.scrollWidth > el.clientWidth + 1,
      ).length,
    };
  });
  assert.deepEqual(printed.body, ['rgb(0, 0, 0)', 'rgb(255, 255, 255)']);
  assert.ok(printed.buttons > 20, `${printed.buttons} buttons in the page`);
  assert.deepEqual(printed.buttonsShown, []);
  assert.deepEqual(printed.controlsShown, []);
  assert.ok(printed.blocks >= 20, `${printed.blocks} outputs printed`);
  assert.deepEqual(printed.clipped, [], 'outputs printed whole');
  assert.deepEqual(printed.shadows, []);
  assert.equal(printed.tableClipped, 0, 'tables printed whole');
  const pdf = await page.pdf({ format: 'A4' });
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  assert.deepEqual(problems, []);
});

test('on a 360-pixel screen nothing scrolls sideways and every control is in view', async (t) => {
  const { context, page, problems } = await openPlanner(served.browser, served.server.url, {
    viewport: { width: 360, height: 740 },
  });
  t.after(() => context.close());
  await showEverything(page);
  await putFieldsInError(page);
  const layout = await page.evaluate(() => {
    const controls = [
      ...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]'),
    ].filter((el) => el.checkVisibility({ visibilityProperty: true }));
    return {
      width: document.documentElement.scrollWidth,
      controls: controls.length,
      outside: controls
        .map((el) => [el.outerHTML.slice(0, 60), el.getBoundingClientRect()])
        .filter(([, r]) => r.left < 0 || r.right > 360)
        .map(([what, r]) => `${what} at ${Math.round(r.left)}..${Math.round(r.right)}`),
    };
  });
  assert.ok(layout.width <= 360, `the page is ${layout.width} pixels wide`);
  assert.ok(layout.controls > 60, `${layout.controls} controls`);
  assert.deepEqual(layout.outside, []);
  assert.deepEqual(problems, []);
});
