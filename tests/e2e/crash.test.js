// No dead page: when a bug stops the app, the page says so, says how to report it without
// repeating anything the user typed, and a reload brings the plan back.
//
// The release page has no switch to make it fail. A real way it does: something outside the
// app (a translation or content-blocking browser extension) removes elements the app still
// counts on; the next change the app draws then fails inside Yew, which panics.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { servedPlanner } from './support/served.js';
import { formState, openPlanner, typeField, waitForRender } from './support/planner.js';

const ACCOUNT = '210987654321';
const BUCKET = 'private-bucket-name';


const served = servedPlanner({ prefix: '/' });

test('a bug that stops the app leaves a message and a report without the user’s values', async (t) => {
  const { context, page, problems } = await openPlanner(served.browser, served.server.url);
  t.after(() => context.close());
  await typeField(page, 'account-id', ACCOUNT);
  await typeField(page, 'bucket', BUCKET);
  await page.waitForFunction((bucket) => location.hash.includes(bucket), BUCKET);

  await page.evaluate(() => {
    for (const output of document.querySelectorAll('article.output')) {
      output.remove();
    }
  });
  // Ticking S3 output adds the S3 policy before an output that is gone: Yew cannot insert it.
  await page.locator('input[name="feature"][value="s3-output"]').click();

  const message = page.getByRole('alert');
  await message.waitFor({ state: 'visible', timeout: 5_000 });
  const text = await message.textContent();
  assert.match(text, /The planner stopped because of a bug/);
  assert.match(text, /Reload the page/);
  assert.match(text, /report/i);
  const report = await page.locator('#crash .crash-report').textContent();
  assert.match(report, /stopped while ticking the feature 's3-output'/);
  assert.match(report, /Place in the code: yew-[\d.]+\/src\/\S+:\d+:\d+/);
  for (const value of [ACCOUNT, BUCKET]) {
    assert.ok(!text.includes(value), `the message does not repeat ${value}`);
  }
  // The frozen app is gone; the message has the focus.
  assert.equal(await page.locator('main').count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1');
  assert.ok(
    problems.some((p) => p.includes('panicked')),
    `the panic itself is in the console:\n${problems.join('\n')}`,
  );

  // Nothing is lost: a reload opens the plan as it was.
  await page.reload();
  await waitForRender(page);
  const form = await formState(page);
  assert.equal(form.fields.bucket, BUCKET);
  assert.equal(form.fields['account-id'], ACCOUNT);
});
