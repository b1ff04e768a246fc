// Nothing typed is lost: a link opened in another browser reproduces the plan exactly; a link
// that was tampered with, or written by an older page, keeps what is valid and says what it
// left out; storage that is full, disabled or corrupted leaves a working page that says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { servedPlanner } from './support/served.js';
import {
  FEATURES,
  allOutputs,
  applySelection,
  fieldErrors,
  formState,
  openPlanner,
  pageStatus,
  setFeature,
  typeField,
  waitForOutputContaining,
} from './support/planner.js';

const ACCOUNT = '123456789012';


const served = servedPlanner({ prefix: '/planner/' });

/** Everything the page shows of a plan: the form, the field errors and every output. */
async function shown(page) {
  return { form: await formState(page), errors: await fieldErrors(page), outputs: await allOutputs(page) };
}

/** Waits until the status line says something matching `pattern`. */
async function waitForStatus(page, pattern) {
  await page.waitForFunction(
    (source) => new RegExp(source).test(document.querySelector('[data-page-status]')?.textContent ?? ''),
    pattern.source,
  );
  assert.ok(await page.locator('[data-page-status]').isVisible(), 'the status line is visible');
  assert.equal(await page.locator('[data-page-status]').getAttribute('role'), 'status');
}

// Every field set, with the characters a link must carry through: quotes, brackets and
// spaces in valid values, and in the second plan a field in error with #, % and é in it.
const PLANS = {
  'every field valid': {
    features: FEATURES.filter((f) => f !== 'domain-join'),
    partition: 'aws-cn',
    'account-id': ACCOUNT,
    bucket: 'ops.ssm-output',
    'bucket-prefix': "run/it's (2024)!",
    'kms-key-arn': `arn:aws-cn:kms:cn-north-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    'role-names': 'Web+Tier=1,a@b\nBatch_Role-2',
    's3-policy-name': 'Run+Command=S3@ops_v1.2-x',
    'vss-policy': 'custom',
    'vss-policy-name': 'Vss.Snapshots',
    's3-route': 'vpc-endpoint',
    regions: 'cn-north-1, cn-northwest-1',
    'aws-buckets-policy-name': 'AwsOwned_Buckets',
  },
  'a field in error': {
    features: ['core', 's3-output'],
    'account-id': ` ${ACCOUNT}`,
    bucket: 'ok-bucket',
    'role-names': 'Wéb Role #1 %41 "q" <b>\n\n  batch  ',
  },
};

for (const [name, selection] of Object.entries(PLANS)) {
  test(`a link opened in a fresh browser shows the same plan: ${name}`, async (t) => {
    const first = await openPlanner(served.browser, served.server.url);
    t.after(() => first.context.close());
    await applySelection(first.page, selection);
    await first.page.waitForFunction(() => location.hash.length > 1);
    const link = first.page.url();
    const expected = await shown(first.page);
    assert.equal(expected.form.fields['role-names'], selection['role-names'], 'typed as given');

    // A new context has its own, empty storage: only the link carries the plan.
    const second = await openPlanner(served.browser, link);
    t.after(() => second.context.close());
    assert.deepEqual(await shown(second.page), expected);
    assert.equal(await pageStatus(second.page), '', 'a good link needs no word');
    assert.deepEqual([...first.problems, ...second.problems], []);
  });
}

test('a tampered link keeps what is valid and says what it left out', async (t) => {
  const tampered = {
    features: ['s3-output', 'teleport'],
    partition: 'mars',
    'account-id': ACCOUNT,
    bucket: 'kept-bucket',
    colour: 'blue',
  };
  const link = `${served.server.url}#${encodeURIComponent(JSON.stringify(tampered))}`;
  const { context, page, problems } = await openPlanner(served.browser, link);
  t.after(() => context.close());

  await waitForOutputContaining(page, 's3-policy', 'arn:aws:s3:::kept-bucket');
  const form = await formState(page);
  assert.deepEqual(form.features, ['core', 's3-output']);
  assert.equal(form.partition, 'aws', 'the default partition stands in for the unknown one');
  assert.equal(form.fields.bucket, 'kept-bucket');
  assert.equal(form.fields['account-id'], ACCOUNT);
  await waitForStatus(page, /'partition': 'mars' was not understood/);
  const status = await pageStatus(page);
  assert.match(status, /setting 'colour' is not one this page knows/);
  assert.match(status, /feature 'teleport' is not one this page knows/);
  assert.ok(!status.includes('kept-bucket'), 'what was kept is not listed');
  // The address now holds what the page understood.
  assert.ok(!decodeURIComponent(page.url()).includes('mars'), page.url());

  // A link pasted into the open page is read the same way.
  await page.evaluate(() => {
    location.hash = JSON.stringify({ partition: 'aws-us-gov', 's3-route': 'carrier-pigeon' });
  });
  await waitForStatus(page, /'s3-route': 'carrier-pigeon' was not understood/);
  assert.equal((await formState(page)).partition, 'aws-us-gov');
  assert.ok(!(await pageStatus(page)).includes('mars'), 'the earlier link is no longer reported');
  assert.deepEqual(problems, []);
});

// Init scripts that break storage the three ways a browser does, before the page starts.
const BROKEN_STORAGE = {
  full: {
    init: () => {
      Storage.prototype.setItem = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    },
    says: /refused to save the plan/,
  },
  disabled: {
    init: () => {
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('Access is denied for this document.', 'SecurityError');
        },
      });
    },
    says: /does not let the page keep the plan/,
  },
  corrupted: {
    init: () => {
      Storage.prototype.getItem = () => '{"features":["s3-output"],"bucket":';
    },
    says: /plan saved in this browser could not be read/,
  },
};

for (const [how, { init, says }] of Object.entries(BROKEN_STORAGE)) {
  test(`storage that is ${how} leaves a working page that says so`, async (t) => {
    const { context, page, problems } = await openPlanner(served.browser, served.server.url, { init });
    t.after(() => context.close());
    await setFeature(page, 's3-output', true);
    await typeField(page, 'account-id', ACCOUNT);
    await typeField(page, 'bucket', 'still-working');
    await waitForOutputContaining(page, 's3-policy', 'arn:aws:s3:::still-working');
    await waitForStatus(page, says);
    // The link still carries the plan (once the changes pause, where storage keeps it too).
    await page.waitForFunction(() => decodeURIComponent(location.hash).includes('"bucket":"still-working"'));
    assert.deepEqual(problems, []);
  });
}

// The address follows the plan once the changes pause (replacing it costs the browser more
// than the rest of a change); meanwhile it holds no plan, so that a reload reads storage,
// which has every keystroke, and never an older link.
test('a reload straight after a keystroke keeps it, and the address follows once typing pauses', async (t) => {
  const { context, page, problems } = await openPlanner(served.browser, served.server.url);
  t.after(() => context.close());
  await setFeature(page, 's3-output', true);
  await typeField(page, 'account-id', ACCOUNT);
  await typeField(page, 'bucket', 'first-bucket');
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('first-bucket'));

  // One keystroke more, and at once a reload: the address no longer names the old bucket.
  const hashAfterKeystroke = await page.evaluate(async () => {
    const field = document.querySelector('[name="bucket"]');
    field.value += 'x';
    field.dispatchEvent(new InputEvent('input', { bubbles: true }));
    // The page draws and saves in a microtask after the event; a task later it is done.
    await new Promise((resolve) => setTimeout(resolve, 0));
    return location.hash;
  });
  assert.equal(hashAfterKeystroke, '', 'no plan in the address while the changes go on');
  await page.reload();
  await waitForOutputContaining(page, 's3-policy', 'arn:aws:s3:::first-bucketx');
  assert.equal((await formState(page)).fields.bucket, 'first-bucketx');

  // After the pause, the address carries the plan again, and a new browser opens it exactly.
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('first-bucketx'));
  const other = await openPlanner(served.browser, page.url());
  t.after(() => other.context.close());
  assert.equal((await formState(other.page)).fields.bucket, 'first-bucketx');
  assert.deepEqual(problems, []);
  assert.deepEqual(other.problems, []);
});
