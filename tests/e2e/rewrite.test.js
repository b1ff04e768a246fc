// Templates that still name the old policy: what the page rewrites is what `ssm-plan rewrite`
// prints for the same plan, what it leaves is listed with its line, and nothing is kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ROOT } from './support/browser.js';
import { buildSsmPlan } from './support/cli.js';
import { servedPlanner } from './support/served.js';
import { applySelection, openPlanner } from './support/planner.js';

const served = servedPlanner();

test('a pasted Terraform file is rewritten as the command line rewrites it', async (t) => {
  const { context, page, problems } = await openPlanner(served.browser, served.server.url);
  t.after(() => context.close());
  const selection = { features: ['core', 's3-output'], 'account-id': '111122223333', bucket: 'ssm-out' };
  await applySelection(page, selection);
  const sourceFile = path.join(ROOT, 'tests/iac-corpus/terraform.tf');
  const source = await readFile(sourceFile, 'utf8');
  await page.locator('textarea[name="iac-source"]').fill(source);
  await page.locator('[data-output="iac-rewritten"]').waitFor();

  const scratch = await mkdtemp(path.join(tmpdir(), 'ssm-plan-rewrite-'));
  t.after(() => rm(scratch, { recursive: true, force: true }));
  const planFile = path.join(scratch, 'plan.json');
  await writeFile(planFile, JSON.stringify(selection));
  const cli = execFileSync(buildSsmPlan(), ['--plan', planFile, 'rewrite', sourceFile], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  assert.equal(await page.locator('[data-output="iac-rewritten"]').textContent(), cli);
  assert.ok(!cli.includes('service-role/AmazonEC2RoleforSSM",\n'), 'the list item is gone');
  const findings = await page.locator('[data-output="iac-findings"]').textContent();
  assert.deepEqual([...findings.matchAll(/^line (\d+):/gm)].map((m) => Number(m[1])), [1, 30, 34]);
  const diff = await page.locator('[data-output="iac-diff"]').textContent();
  assert.match(diff, /^--- a\/template\n\+\+\+ b\/template\n@@ /);
  // The command line's diff is the page's, its sides named after the file instead.
  const cliDiff = execFileSync(buildSsmPlan(), ['--plan', planFile, 'rewrite', '--diff', sourceFile], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  assert.equal(cliDiff, diff.replace(/^--- a\/template\n\+\+\+ b\/template\n/, `--- a/${sourceFile}\n+++ b/${sourceFile}\n`));

  await page.locator('textarea[name="iac-source"]').fill('resource "aws_s3_bucket" "b" {}');
  await page.waitForFunction(() => /no reference to AmazonEC2RoleforSSM/.test(document.querySelector('[data-error="iac-source"]')?.textContent ?? ''));
  assert.equal(await page.locator('[data-output="iac-rewritten"]').count(), 0);
  const kept = await page.evaluate(
    () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + location.href,
  );
  assert.ok(!kept.includes('aws_s3_bucket') && !kept.includes('managed_policy_arns'));
  assert.deepEqual(problems, []);
});
