// Explain a denial: what the page says for a pasted denial is what `ssm-plan explain` says for
// the same plan; a paste it cannot read gets a message beside the box; and what was pasted
// stays in the page's memory: never in the address or storage, gone after a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { buildSsmPlan } from './support/cli.js';
import { servedPlanner } from './support/served.js';
import { applySelection, openPlanner, waitForRender } from './support/planner.js';

const served = servedPlanner();
const ACCOUNT = '111122223333';
const DENIAL = `2026-11-30 10:00:00 ERROR [HealthCheck] error details - AccessDeniedException: User: arn:aws:sts::${ACCOUNT}:assumed-role/web/i-0abc is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::ssm-output-private/runs/i-0abc/stdout because no identity-based policy allows the s3:PutObject action`;

function explained(page) {
  return page.locator('[data-output="denial-explained"]');
}

test('a pasted denial is explained as the command line explains it, and never kept', async (t) => {
  const { context, page, problems } = await openPlanner(served.browser, served.server.url);
  t.after(() => context.close());
  const selection = { features: ['core', 'session-manager'], 'account-id': ACCOUNT };
  await applySelection(page, selection);

  await page.locator('textarea[name="denial"]').fill(DENIAL);
  await explained(page).waitFor();
  const scratch = await mkdtemp(path.join(tmpdir(), 'ssm-plan-denial-'));
  t.after(() => rm(scratch, { recursive: true, force: true }));
  const planFile = path.join(scratch, 'plan.json');
  const denialFile = path.join(scratch, 'denial.log');
  await writeFile(planFile, JSON.stringify(selection));
  await writeFile(denialFile, DENIAL);
  const cli = execFileSync(buildSsmPlan(), ['--plan', planFile, 'explain', denialFile], { encoding: 'utf8' });
  assert.equal(await explained(page).textContent(), cli);
  assert.match(cli, /What to do: The old policy allowed it and the plan does not: the move removed it\. Tick S3 command output/);
  assert.equal(await page.locator('[data-error="denial"]').textContent(), '');

  const kept = await page.evaluate(
    () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + location.href,
  );
  assert.ok(!kept.includes('s3:PutObject') && !kept.includes('AccessDenied'), 'not in storage or the address');
  await page.reload();
  await waitForRender(page);
  assert.equal(await page.locator('textarea[name="denial"]').inputValue(), '');
  assert.equal(await explained(page).count(), 0);

  await page.locator('textarea[name="denial"]').fill('the disk is full');
  await page.waitForFunction(() => /no denied action found/.test(document.querySelector('[data-error="denial"]')?.textContent ?? ''));
  assert.equal(await page.locator('textarea[name="denial"]').getAttribute('aria-invalid'), 'true');
  assert.equal(await explained(page).count(), 0);
  assert.deepEqual(problems, []);
});
