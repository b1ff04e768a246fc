// Import the account: a pasted or chosen export fills an empty role list and account id,
// the report shows each role as the command line reports it (and downloads as the same CSV),
// a malformed export gets a message and changes nothing, and the import is never kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { buildSsmPlan } from './support/cli.js';
import { servedPlanner } from './support/served.js';
import { formState, openPlanner, waitForRender } from './support/planner.js';

const served = servedPlanner();
const OLD = 'arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM';
const CORE = 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore';

function role(name, attached) {
  return {
    RoleName: name,
    Arn: `arn:aws:iam::777788889999:role/${name}`,
    AttachedManagedPolicies: attached.map((arn) => ({ PolicyName: arn.split('/').pop(), PolicyArn: arn })),
    InstanceProfileList: [{ InstanceProfileName: `${name}-profile` }],
  };
}

const crowded = Array.from({ length: 9 }, (_, i) => `arn:aws:iam::777788889999:policy/Other${i}`);
const EXPORT = JSON.stringify({
  RoleDetailList: [role('web', [OLD, CORE]), role('crowded', [OLD, ...crowded]), role('clean', [CORE])],
  UserDetailList: [{ UserName: 'ops', AttachedManagedPolicies: [{ PolicyName: 'AmazonEC2RoleforSSM', PolicyArn: OLD }] }],
  GroupDetailList: [],
  Policies: [],
});

test('an export fills the empty fields, reports each role as ssm-plan does, and is never kept', async (t) => {
  const { context, page, problems } = await openPlanner(served.browser, served.server.url);
  t.after(() => context.close());
  const scratch = await mkdtemp(path.join(tmpdir(), 'ssm-plan-estate-'));
  t.after(() => rm(scratch, { recursive: true, force: true }));
  const exportFile = path.join(scratch, 'export.json');
  await writeFile(exportFile, EXPORT);

  await page.locator('input[type=file][name="estate-file"]').setInputFiles(exportFile);
  await page.locator('[data-output="estate-report"]').waitFor();
  await page.waitForFunction(() => document.querySelector('[name="role-names"]')?.value === 'web');
  const form = await formState(page);
  assert.equal(form.fields['account-id'], '777788889999', 'the account from the ARNs');
  const rows = await page.locator('[data-output="estate-report"] tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [tr.dataset.role, tr.classList.contains('is-flagged')]),
  );
  // The roles that do not fit come first.
  assert.deepEqual(rows, [['crowded', true], ['web', false]]);
  assert.match(await page.locator('#estate-title').locator('..').textContent(), /Users that carry the old policy, for a review by hand: ops\./);

  const planFile = path.join(scratch, 'plan.json');
  await writeFile(planFile, JSON.stringify({ features: ['core', 'session-manager', 'cloudwatch-agent'] }));
  const cli = execFileSync(buildSsmPlan(), ['--plan', planFile, '--estate', exportFile, 'estate-report'], { encoding: 'utf8' });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('button[data-download="estate-report"]').click(),
  ]);
  assert.equal(download.suggestedFilename(), 'estate-report.csv');
  assert.equal(await readFile(await download.path(), 'utf8'), cli);

  const kept = await page.evaluate(
    () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + location.href,
  );
  assert.ok(!kept.includes('RoleDetailList') && !kept.includes('crowded'), 'the import is not in storage or the address');
  await page.reload();
  await waitForRender(page);
  assert.equal(await page.locator('textarea[name="estate"]').inputValue(), '');
  assert.equal(await page.locator('[name="role-names"]').inputValue(), 'web', 'what it filled in is kept, as typed text is');
  assert.deepEqual(problems, []);
});

test('a malformed or foreign export gets a message and changes nothing', async (t) => {
  const { context, page, problems } = await openPlanner(served.browser, served.server.url);
  t.after(() => context.close());
  const before = await formState(page);
  await page.locator('textarea[name="estate"]').fill(EXPORT.slice(0, 120));
  await page.waitForFunction(() => /^not JSON/.test(document.querySelector('[data-error="estate"]')?.textContent ?? ''));
  assert.equal(await page.locator('textarea[name="estate"]').getAttribute('aria-invalid'), 'true');
  await page.locator('textarea[name="estate"]').fill('{"Users": []}');
  await page.waitForFunction(() => /not the output of get-account-authorization-details/.test(document.querySelector('[data-error="estate"]')?.textContent ?? ''));
  assert.equal(await page.locator('[data-output="estate-report"]').count(), 0);
  assert.deepEqual(await formState(page), before);
  assert.deepEqual(problems, []);
});

test('an export of another account is named as such, and the typed account is kept', async (t) => {
  const { context, page, problems } = await openPlanner(served.browser, served.server.url);
  t.after(() => context.close());
  await page.locator('[name="account-id"]').fill('999999999999');
  await page.locator('[name="account-id"]').blur();
  await page.locator('textarea[name="estate"]').fill(EXPORT);
  await page.locator('[data-estate-mismatch]').waitFor();
  assert.match(await page.locator('[data-estate-mismatch]').textContent(), /account 777788889999, but the plan's account id is 999999999999/);
  assert.equal((await formState(page)).fields['account-id'], '999999999999');
  assert.deepEqual(problems, []);
});

// A large report draws the roles that need a look first, and the rest on request: drawing
// thousands of rows at once held the page up.
test('a large report shows the roles that do not fit first, then all on request', async (t) => {
  const { context, page, problems } = await openPlanner(served.browser, served.server.url);
  t.after(() => context.close());
  const roles = Array.from({ length: 120 }, (_, i) => role(`role-${String(i).padStart(3, '0')}`, [OLD]));
  // Two that do not fit, late in the export.
  roles.push(role('crowded-a', [OLD, ...crowded]), role('crowded-b', [OLD, ...crowded]));
  await page.locator('textarea[name="estate"]').fill(JSON.stringify({ RoleDetailList: roles }));
  const report = page.locator('[data-output="estate-report"]');
  await report.waitFor();
  assert.equal(await report.getAttribute('data-roles'), '122');
  const shown = () => report.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.role));
  const first = await shown();
  assert.equal(first.length, 50);
  assert.deepEqual(first.slice(0, 3), ['crowded-a', 'crowded-b', 'role-000']);
  assert.match(await page.locator('[data-estate-more]').textContent(), /shows the 50 roles that need a look first.*the CSV has all 122/);

  await page.getByRole('button', { name: 'Show all 122 roles' }).click();
  await page.waitForFunction(
    () => document.querySelectorAll('[data-output="estate-report"] tbody tr').length === 122,
  );
  assert.equal(await page.locator('[data-estate-more]').count(), 0);
  assert.equal(new Set(await shown()).size, 122);
  assert.deepEqual(problems, []);
});

// A large account's export is read straight from the paste: the box would take the browser
// far longer to fill and draw than the import takes to read. A smaller paste goes into the
// box as usual, and a file dropped on the box is read as if chosen.
test('a large paste is read without filling the box, a small one fills it, a dropped file is read', async (t) => {
  const { context, page, problems } = await openPlanner(served.browser, served.server.url);
  t.after(() => context.close());
  const area = page.locator('textarea[name="estate"]');
  const report = page.locator('[data-output="estate-report"]');
  const origin = page.locator('[data-estate-origin]');
  const paste = async (text) => {
    await page.evaluate((text) => navigator.clipboard.writeText(text), text);
    await area.focus();
    await page.keyboard.press('Control+V');
  };

  const roles = Array.from({ length: 600 }, (_, i) => role(`role-${i}`, [OLD]));
  const large = JSON.stringify({ RoleDetailList: roles });
  assert.ok(large.length > 64 * 1024);
  await paste(large);
  await page.waitForFunction(() => document.querySelector('[data-output="estate-report"]')?.dataset.roles === '600');
  assert.equal(await area.inputValue(), '');
  assert.equal(await origin.textContent(), `Read from the clipboard: ${large.length} characters, more than the box shows. Paste or type again to replace it.`);
  assert.equal(await area.getAttribute('aria-invalid'), 'false');

  await paste(EXPORT);
  await page.waitForFunction(() => document.querySelector('[data-output="estate-report"]')?.dataset.roles === '2');
  assert.equal(await area.inputValue(), EXPORT);
  assert.equal(await origin.textContent(), '');

  const dropped = await page.evaluateHandle((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'estate.json', { type: 'application/json' }));
    return data;
  }, large);
  await area.dispatchEvent('dragover', { dataTransfer: dropped });
  await area.dispatchEvent('drop', { dataTransfer: dropped });
  await page.waitForFunction(() => document.querySelector('[data-output="estate-report"]')?.dataset.roles === '600');
  assert.equal(await origin.textContent(), 'Read from the file estate.json.');
  // The page is still the planner: the drop did not open the file in its place.
  assert.equal(await report.count(), 1);

  // Windows PowerShell 5.1's `>` writes UTF-16 with a byte order mark: read as well.
  const file = page.locator('input[type=file][name="estate-file"]');
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(EXPORT, 'utf16le')]);
  await file.setInputFiles({ name: 'export-utf16.json', mimeType: 'application/json', buffer: utf16 });
  await page.waitForFunction(() => document.querySelector('[data-output="estate-report"]')?.dataset.roles === '2');
  assert.equal(await origin.textContent(), 'Read from the file export-utf16.json.');
  await file.setInputFiles({ name: 'image.json', mimeType: 'application/json', buffer: Buffer.from([0x7b, 0xff, 0x00]) });
  await page.waitForFunction(() => /^the file image\.json could not be read: it is not text/.test(document.querySelector('[data-error="estate"]')?.textContent ?? ''));
  assert.deepEqual(problems, []);
});
