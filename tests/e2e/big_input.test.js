// Big and odd pastes: a 100,000-line role list and ten megabytes in one field are refused with
// a message next to the field, the page keeps answering, and a reload shows what the browser
// could keep, saying where the plan lives when the address cannot carry it.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { servedPlanner } from './support/served.js';
import {
  allOutputs,
  openPlanner,
  pageStatus,
  setFeature,
  waitForRender,
} from './support/planner.js';

// A liveness bound, not a benchmark: a page that froze would not answer at all.
const ANSWER_MS = 10_000;


const served = servedPlanner({ prefix: '/planner/' });

/**
 * Pastes `text` into field `name`: the value changes at once and one input event follows, as
 * a paste does (typing it key by key through the driver would take minutes), then a change
 * event as the field is left.
 */
async function paste(page, name, text) {
  await page.evaluate(
    ({ name, text }) => {
      const field = document.querySelector(`[name="${name}"]`);
      field.focus();
      field.value = text;
      field.dispatchEvent(new Event('input', { bubbles: true }));
      field.dispatchEvent(new Event('change', { bubbles: true }));
    },
    { name, text },
  );
}

async function waitForError(page, name, pattern) {
  await page.waitForFunction(
    ({ name, source }) =>
      new RegExp(source).test(document.querySelector(`[data-error="${name}"]`)?.textContent ?? ''),
    { name, source: pattern.source },
    { timeout: ANSWER_MS },
  );
}

/** The page still plans: ticking a feature adds its policy to the plan. */
async function stillAnswers(page) {
  await setFeature(page, 'domain-join', true);
  await page.waitForSelector('[data-policy="AmazonSSMDirectoryServiceAccess"]', {
    timeout: ANSWER_MS,
  });
}

test('a 100,000-line role list is refused at the role past the account limit, and kept', async (t) => {
  const { context, page, problems } = await openPlanner(served.browser, served.server.url);
  t.after(() => context.close());
  // CRLF line ends, trailing spaces and a byte order mark, as a file exported elsewhere has.
  const lines = Array.from({ length: 100_000 }, (_, i) => `role-${i} `);
  const text = `\ufeff${lines.join('\r\n')}`;
  await paste(page, 'role-names', text);
  await waitForError(page, 'role-names', /5,?000/);
  const error = await page.locator('[data-error="role-names"]').textContent();
  assert.ok(error.length < 600, `a short message, not the paste: ${error.length} characters`);
  await stillAnswers(page);
  const outputs = await allOutputs(page);
  assert.ok(!outputs['cli-update-roles'].includes('role-99999'), 'no role of the refused list');

  // The plan is too long for the address; storage keeps it, and a reload reads it back.
  assert.match(await pageStatus(page), /too long for the page's address/);
  assert.ok(!page.url().includes('role-1'), 'the address no longer carries the plan');
  await page.reload();
  await waitForRender(page);
  await waitForError(page, 'role-names', /5,?000/);
  const kept = await page.locator('[name="role-names"]').inputValue();
  assert.equal(kept.split('\n').length, 100_000, 'the whole list comes back after a reload');
  assert.deepEqual(problems, []);
});

test('ten megabytes in one field are refused without freezing the page, and it says what it kept', async (t) => {
  const { context, page, problems } = await openPlanner(served.browser, served.server.url);
  t.after(() => context.close());
  await setFeature(page, 's3-output', true);
  await paste(page, 'bucket-prefix', 'a'.repeat(10 * 1024 * 1024));
  await waitForError(page, 'bucket-prefix', /key prefix/);
  const error = await page.locator('[data-error="bucket-prefix"]').textContent();
  assert.ok(error.length < 600, `a short message, not the paste: ${error.length} characters`);
  await stillAnswers(page);
  for (const [id, text] of Object.entries(await allOutputs(page))) {
    assert.ok(!text.includes('a'.repeat(1000)), `${id} carries the paste`);
  }
  // Ten megabytes fit neither the address nor, in Chromium, the origin's storage.
  assert.match(await pageStatus(page), /too long for the page's address/);
  assert.ok(page.url().length < 64_000, 'the address stays short');
  assert.deepEqual(problems, []);
});
