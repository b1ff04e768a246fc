// The page and the `ssm-plan` command line run the same core: for the same selection, every
// output the page shows must be byte for byte what `ssm-plan --plan FILE OUTPUT` prints.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { DIST, launchChromium, requireDist } from './support/browser.js';
import { buildSsmPlan } from './support/cli.js';
import { serveDirectory } from './support/server.js';
import { FEATURES, OUTPUTS, allOutputs, applySelection, openPlanner } from './support/planner.js';

const PLANS = {
  'default features in one account': {
    features: ['core', 'session-manager', 'cloudwatch-agent'],
    partition: 'aws',
    'account-id': '123456789012',
  },
  'every feature in China with a KMS key and custom names': {
    features: FEATURES,
    partition: 'aws-cn',
    'account-id': '210987654321',
    bucket: 'ops.ssm-output-cn',
    'bucket-prefix': 'run-command/',
    'kms-key-arn': 'arn:aws-cn:kms:cn-north-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    'role-names': ['WebTierRole', 'BatchRole'],
    'vss-policy': 'custom',
    's3-policy-name': 'RunCommandOutputToS3',
    'vss-policy-name': 'WindowsVssSnapshots',
  },
  'GovCloud with S3 output, domain join and managed VSS': {
    features: ['domain-join', 's3-output', 'vss-snapshots', 'cloudwatch-logs-output'],
    partition: 'aws-us-gov',
    'account-id': '111122223333',
    bucket: 'gov-ssm-logs',
    'role-names': ['GovAppRole'],
    'vss-policy': 'managed',
  },
  'a VPC endpoint in three commercial regions with S3 output': {
    features: ['core', 'session-manager', 's3-output'],
    'account-id': '111122223333',
    bucket: 'ssm-output-private',
    'bucket-prefix': 'sessions',
    's3-route': 'vpc-endpoint',
    regions: 'us-east-1, me-south-1\nap-southeast-4',
    'aws-buckets-policy-name': 'ReadSsmBucketsThroughEndpoint',
  },
  'Default Host Management in two GovCloud regions, the CloudWatch agent on profiles': {
    features: ['core', 'session-manager', 'cloudwatch-agent'],
    partition: 'aws-us-gov',
    target: 'dhmc',
    regions: 'us-gov-west-1, us-gov-east-1',
  },
  'hybrid nodes in China with their own service role': {
    features: ['core', 'session-manager'],
    partition: 'aws-cn',
    'account-id': '210987654321',
    regions: 'cn-north-1',
    hybrid: 'on',
    'hybrid-role-name': 'OnPremSsmRole',
  },
  'an organization of two units with S3 output, in two regions': {
    features: ['core', 's3-output'],
    'account-id': '111122223333',
    bucket: 'org-ssm-output',
    organization: 'on',
    'ou-ids': 'ou-ab12-cd34ef56\nr-ab12',
    regions: 'eu-west-1, us-east-1',
  },
};

let browser;
let server;
let ssmPlan;
let scratch;

before(async () => {
  requireDist();
  ssmPlan = buildSsmPlan();
  scratch = await mkdtemp(path.join(tmpdir(), 'ssm-plan-parity-'));
  server = await serveDirectory(DIST, { prefix: '/' });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (scratch) {
    await rm(scratch, { recursive: true, force: true });
  }
});

/** What the page should show for each output, from the command line: '' where it does not apply. */
function cliOutputs(planFile) {
  const outputs = {};
  for (const id of OUTPUTS) {
    const run = spawnSync(ssmPlan, ['--plan', planFile, id], { encoding: 'utf8' });
    if (run.status === 0) {
      outputs[id] = run.stdout;
    } else if (run.status === 2 && /does not apply/.test(run.stderr)) {
      outputs[id] = '';
    } else {
      throw new Error(`ssm-plan --plan ${planFile} ${id} exited ${run.status}:\n${run.stderr}`);
    }
  }
  return outputs;
}

// The command line ends what it prints with a newline when the text has none.
function asPrinted(text) {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

for (const [name, selection] of Object.entries(PLANS)) {
  test(`page and ssm-plan agree: ${name}`, async (t) => {
    const planFile = path.join(scratch, `${name.replaceAll(/\W+/g, '-')}.json`);
    await writeFile(planFile, JSON.stringify(selection, null, 2));
    const expected = cliOutputs(planFile);
    assert.notEqual(expected['policies-to-add'], '');

    const { context, page, problems } = await openPlanner(browser, server.url);
    t.after(() => context.close());
    await applySelection(page, selection);
    // Wait for the page to show what the command line printed; if it never does, the
    // comparison below reports the difference.
    await page
      .waitForFunction(
        (want) =>
          Object.entries(want).every(([id, text]) => {
            const shown = document.querySelector(`[data-output="${id}"]`)?.textContent ?? '';
            return shown === text || `${shown}\n` === text;
          }),
        expected,
        { timeout: 15_000 },
      )
      .catch((error) => {
        if (error.name !== 'TimeoutError') {
          throw error;
        }
      });

    const shown = await allOutputs(page);
    for (const id of OUTPUTS) {
      assert.equal(asPrinted(shown[id]), expected[id], `${id} for "${name}"`);
    }
    assert.deepEqual(problems, []);
  });
}
