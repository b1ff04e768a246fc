// End-to-end test of the release build: dist/ served on 127.0.0.1 under a key prefix, driven in
// headless Chromium the way a user would, through the page's DOM contract.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { cliPlan } from './support/cli.js';
import { servedPlanner } from './support/served.js';
import {
  FEATURES,
  OUTPUTS,
  allOutputs,
  applySelection,
  chooseS3Route,
  choosePartition,
  formState,
  openPlanner,
  outputText,
  setFeature,
  typeField,
  waitForOutputContaining,
  waitForOutputEqual,
  waitForRender,
} from './support/planner.js';

const LEGACY_POLICY = 'service-role/AmazonEC2RoleforSSM';
const CORE_POLICY = 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore';
const ACCOUNT = '123456789012';
const BUCKET = 'example-ssm-command-output';


const served = servedPlanner({ prefix: '/planner/v1/' });

/** Opens the page for one test and closes its context afterwards, whatever happens. */
async function withPlanner(t, body) {
  const planner = await openPlanner(served.browser, served.server.url);
  t.after(() => planner.context.close());
  await body(planner);
}

test('the page loads with the default plan and no errors', async (t) => {
  await withPlanner(t, async ({ page, problems }) => {
    const boxes = await page
      .locator('input[type=checkbox][name="feature"]')
      .evaluateAll((all) => all.map((box) => box.value).sort());
    assert.deepEqual(boxes, [...FEATURES].sort());
    assert.equal(await page.locator('select[name="partition"]').inputValue(), 'aws');

    assert.equal(
      await outputText(page, 'policy-to-remove'),
      `arn:aws:iam::aws:policy/${LEGACY_POLICY}`,
    );
    const toAdd = await outputText(page, 'policies-to-add');
    assert.ok(toAdd.startsWith(CORE_POLICY), `policies-to-add starts with the core policy:\n${toAdd}`);
    for (const id of ['cli-find', 'cli-audit', 'audit-template']) {
      assert.notEqual(await outputText(page, id), '', `${id} is shown by default`);
    }
    assert.deepEqual(problems, []);
  });
});

test('S3 output adds a custom policy naming the bucket, in the account', async (t) => {
  await withPlanner(t, async ({ page, problems }) => {
    await setFeature(page, 's3-output', true);
    await typeField(page, 'account-id', ACCOUNT);
    await typeField(page, 'bucket', BUCKET);
    await waitForOutputContaining(page, 's3-policy', `arn:aws:s3:::${BUCKET}`);

    const document = JSON.parse(await outputText(page, 's3-policy'));
    assert.equal(document.Version, '2012-10-17');
    assert.ok(Array.isArray(document.Statement) && document.Statement.length > 0);
    const resources = JSON.stringify(document.Statement.map((s) => s.Resource));
    assert.ok(resources.includes(`arn:aws:s3:::${BUCKET}`), resources);

    const policyName = await page.locator('[name="s3-policy-name"]').inputValue();
    assert.notEqual(policyName, '');
    await waitForOutputContaining(page, 'policies-to-add', `arn:aws:iam::${ACCOUNT}:policy/`);
    const toAdd = await outputText(page, 'policies-to-add');
    assert.ok(toAdd.includes(`arn:aws:iam::${ACCOUNT}:policy/${policyName}`), toAdd);
    assert.ok(toAdd.startsWith(CORE_POLICY), toAdd);
    assert.deepEqual(problems, []);
  });
});

test('every ARN in every output follows the chosen partition', async (t) => {
  await withPlanner(t, async ({ page, problems }) => {
    await applySelection(page, {
      features: FEATURES,
      'account-id': ACCOUNT,
      bucket: BUCKET,
      'bucket-prefix': 'ssm/',
      'role-names': 'AppServerRole\nBuildAgentRole',
      'vss-policy': 'custom',
    });
    await waitForOutputContaining(page, 'vss-policy', '"Version"');

    for (const partition of ['aws-cn', 'aws-us-gov', 'aws']) {
      await choosePartition(page, partition);
      await waitForOutputEqual(
        page,
        'policy-to-remove',
        `arn:${partition}:iam::aws:policy/${LEGACY_POLICY}`,
      );
      const outputs = await allOutputs(page);
      for (const id of OUTPUTS) {
        // The AWS-owned buckets belong to the VPC endpoint route, and the other roads' outputs
        // to their own choices, not to a feature.
        const byChoice = ['aws-buckets-policy', 's3-endpoint-policy', 'cli-dhmc', 'hybrid-service-role', 'cli-hybrid', 'cli-org'];
        if (!byChoice.includes(id)) {
          assert.notEqual(outputs[id], '', `${id} applies when every feature is ticked`);
        }
        const partitions = new Set([...outputs[id].matchAll(/\barn:([a-z-]+):/g)].map((m) => m[1]));
        assert.deepEqual(
          [...partitions],
          partitions.size === 0 ? [] : [partition],
          `${id} under ${partition} names only ${partition} ARNs:\n${outputs[id]}`,
        );
        if (partition !== 'aws') {
          assert.ok(!outputs[id].includes('arn:aws:'), `${id} under ${partition} has arn:aws:`);
        }
      }
      const arns = [...outputs['policies-to-add'].matchAll(/\barn:/g)].length;
      assert.ok(arns >= 2, `policies-to-add lists the core and feature policies:\n${outputs['policies-to-add']}`);
    }
    assert.deepEqual(problems, []);
  });
});

test('an invalid bucket name shows an error and reaches no output', async (t) => {
  await withPlanner(t, async ({ page, problems }) => {
    await setFeature(page, 's3-output', true);
    await typeField(page, 'account-id', ACCOUNT);
    await typeField(page, 'bucket', BUCKET);
    await waitForOutputContaining(page, 's3-policy', BUCKET);

    const bad = 'Bad_Bucket';
    await typeField(page, 'bucket', bad);
    const error = page.locator('[data-error="bucket"]');
    await error.waitFor({ state: 'visible' });
    const message = (await error.textContent()).trim();
    assert.notEqual(message, '', 'the bucket error has a message');

    const outputs = await allOutputs(page);
    for (const id of OUTPUTS) {
      assert.ok(!outputs[id].includes(bad), `${id} does not use the invalid bucket:\n${outputs[id]}`);
      assert.ok(!outputs[id].includes(BUCKET), `${id} no longer uses the previous bucket`);
    }

    await typeField(page, 'bucket', BUCKET);
    await waitForOutputContaining(page, 's3-policy', BUCKET);
    assert.equal(
      await error.evaluateAll((all) => all.some((e) => e.checkVisibility() && e.textContent.trim())),
      false,
      'the error goes once the bucket is valid',
    );
    assert.deepEqual(problems, []);
  });
});

test('the VPC endpoint route names the AWS-owned buckets of each region, and refuses a bad one', async (t) => {
  await withPlanner(t, async ({ page, problems }) => {
    await typeField(page, 'account-id', ACCOUNT);
    await chooseS3Route(page, 'vpc-endpoint');
    await typeField(page, 'regions', 'us-east-1\neu-south-1');
    await waitForOutputContaining(page, 'aws-buckets-policy', 'aws-ssm-distributor-file-eu-south-1');

    const policy = JSON.parse(await outputText(page, 'aws-buckets-policy'));
    const resources = policy.Statement.flatMap((s) => [].concat(s.Resource));
    assert.ok(resources.includes('arn:aws:s3:::amazon-ssm-us-east-1/*'), resources.join('\n'));
    assert.ok(resources.every((r) => !/\*-|-\*/.test(r)), 'no wildcard stands for a region');
    const endpoint = JSON.parse(await outputText(page, 's3-endpoint-policy'));
    assert.ok(endpoint.Statement.every((s) => s.Principal === '*'));
    const toAdd = await outputText(page, 'policies-to-add');
    assert.ok(toAdd.endsWith(`arn:aws:iam::${ACCOUNT}:policy/SSMInstanceAwsOwnedBuckets`), toAdd);

    await typeField(page, 'regions', 'us-east-1\ncn-north-1');
    const error = page.locator('[data-error="regions"]');
    await page.waitForFunction(() => /cn-north-1/.test(document.querySelector('[data-error="regions"]')?.textContent ?? ''));
    assert.match(await error.textContent(), /not a region of partition 'aws'/);
    assert.equal(await page.locator('[name="regions"]').getAttribute('aria-invalid'), 'true');
    for (const [id, text] of Object.entries(await allOutputs(page))) {
      assert.ok(!text.includes('cn-north-1'), `${id} uses the refused region`);
    }
    assert.equal(await outputText(page, 'aws-buckets-policy'), '');
    assert.deepEqual(problems, []);
  });
});

test('a reload keeps the selection', async (t) => {
  await withPlanner(t, async ({ page, problems }) => {
    await applySelection(page, {
      features: ['core', 'session-manager', 's3-output', 'vss-snapshots'],
      partition: 'aws-us-gov',
      'account-id': ACCOUNT,
      bucket: BUCKET,
      'bucket-prefix': 'logs/ssm/',
      'role-names': 'AppServerRole\nBuildAgentRole',
      'vss-policy': 'custom',
      'vss-policy-name': 'VssSnapshotsForBackups',
      's3-route': 'vpc-endpoint',
      target: 'dhmc',
      regions: 'us-gov-west-1',
    });
    await waitForOutputContaining(page, 'vss-policy', 'arn:aws-us-gov:');
    await waitForOutputContaining(page, 'cli-dhmc', 'us-gov-west-1');
    const before = await formState(page);
    assert.equal(before.target, 'dhmc');
    const outputsBefore = await allOutputs(page);
    assert.deepEqual(before.features, ['core', 's3-output', 'session-manager', 'vss-snapshots']);

    await page.reload();
    await waitForRender(page);
    await waitForOutputContaining(page, 'vss-policy', 'arn:aws-us-gov:');
    assert.deepEqual(await formState(page), before);
    assert.deepEqual(await allOutputs(page), outputsBefore);
    assert.deepEqual(problems, []);
  });
});

test('the copy button copies exactly the output and says so', async (t) => {
  await withPlanner(t, async ({ page, problems }) => {
    await setFeature(page, 's3-output', true);
    await typeField(page, 'account-id', ACCOUNT);
    await typeField(page, 'bucket', BUCKET);
    await waitForOutputContaining(page, 's3-policy', BUCKET);

    for (const id of ['s3-policy', 'cli-update-roles']) {
      const expected = await outputText(page, id);
      assert.notEqual(expected, '', `${id} is shown`);
      await copyButton(page, id).click();
      // The confirmation is the status the button is described by (aria-describedby).
      await page.waitForFunction(
        (id) => {
          const button = document.querySelector(`button[data-copy="${id}"]`);
          const status = document.getElementById(button?.getAttribute('aria-describedby') ?? '');
          return /copied/i.test(status?.textContent ?? '');
        },
        id,
      );
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), expected);
    }
    assert.deepEqual(problems, []);
  });
});

test('the download button saves exactly the output, under its file name', async (t) => {
  // The page opens on the empty selection's plan; the command line names each output's file.
  const { outputs } = cliPlan({});
  await withPlanner(t, async ({ page, problems }) => {
    for (const id of ['policies-to-add', 'cli-update-roles', 'audit-template']) {
      const expected = await outputText(page, id);
      assert.notEqual(expected, '', `${id} is shown`);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        downloadButton(page, id).click(),
      ]);
      assert.equal(download.suggestedFilename(), outputs[id].file, `${id} file name`);
      assert.equal(await readFile(await download.path(), 'utf8'), expected, `${id} download`);
    }
    assert.deepEqual(problems, []);
  });
});

function copyButton(page, id) {
  return page.locator(`button[data-copy="${id}"]`);
}

function downloadButton(page, id) {
  return page.locator(`button[data-download="${id}"]`);
}
