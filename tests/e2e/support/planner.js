// Driving the planner page through its DOM contract: inputs by `name`, outputs by
// `data-output`, errors by `data-error`. Every wait is on a DOM condition, never on a clock.

/** The outputs, by their data-output names. */
export const OUTPUTS = [
  'policies-to-add',
  'policy-to-remove',
  's3-policy',
  'vss-policy',
  'aws-buckets-policy',
  's3-endpoint-policy',
  'cli-define',
  'cli-find',
  'cli-update-roles',
  'cli-audit',
  'cli-verify',
  'cli-rollback',
  'cli-dhmc',
  'hybrid-service-role',
  'cli-hybrid',
  'cli-org',
  'audit-template',
  'iac-cloudformation',
  'iac-terraform',
];

/** The feature checkboxes' values. */
export const FEATURES = [
  'core',
  'session-manager',
  'domain-join',
  'cloudwatch-agent',
  'cloudwatch-logs-output',
  's3-output',
  'vss-snapshots',
];

/** The text fields (inputs and the role-names textarea), by name. */
export const TEXT_FIELDS = [
  'account-id',
  'bucket',
  'bucket-prefix',
  'kms-key-arn',
  'role-names',
  'policies-per-role',
  's3-policy-name',
  'vss-policy-name',
  'regions',
  'aws-buckets-policy-name',
  'hybrid-role-name',
  'ou-ids',
];

const WAIT_MS = 15_000;

/**
 * Opens the page in a fresh browser context (empty storage, clipboard allowed) and waits for
 * the first full render. `problems` collects console errors, page errors, failed requests and
 * HTTP errors for the whole life of the page. `init` (a function, or its source) runs in the
 * page before the page's own scripts, on every load; `viewport` replaces the 1280 x 900 one.
 */
export async function openPlanner(browser, url, { init, viewport } = {}) {
  const context = await browser.newContext({
    permissions: ['clipboard-read', 'clipboard-write'],
    acceptDownloads: true,
    viewport: viewport ?? { width: 1280, height: 900 },
  });
  if (init) {
    await context.addInitScript(init);
  }
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      const where = message.location()?.url;
      problems.push(`console error: ${message.text()}${where ? ` (${where})` : ''}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) =>
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400) {
      problems.push(`HTTP ${response.status()}: ${response.url()}`);
    }
  });
  await page.goto(url);
  await waitForRender(page);
  return { context, page, problems };
}

/**
 * Waits until the page answers: the app has hydrated the page the build rendered and shows
 * the selection it opened on (it then sets `data-ready` on <html>). The outputs are in the
 * page before that, from the build, but typing into them would do nothing yet.
 */
export async function waitForRender(page) {
  await page.waitForFunction(
    () =>
      document.documentElement.hasAttribute('data-ready') &&
      (document.querySelector('[data-output="policies-to-add"]')?.textContent ?? '') !== '',
    undefined,
    { timeout: WAIT_MS },
  );
}

/** The text of an output as the copy button would copy it; '' when absent. */
export async function outputText(page, id) {
  return page.evaluate(
    (id) => document.querySelector(`[data-output="${id}"]`)?.textContent ?? '',
    id,
  );
}

/** Every output's text, by id. */
export async function allOutputs(page) {
  return page.evaluate((ids) => {
    const texts = {};
    for (const id of ids) {
      texts[id] = document.querySelector(`[data-output="${id}"]`)?.textContent ?? '';
    }
    return texts;
  }, OUTPUTS);
}

/** Waits until output `id` contains `text`. */
export async function waitForOutputContaining(page, id, text) {
  await page.waitForFunction(
    ({ id, text }) =>
      (document.querySelector(`[data-output="${id}"]`)?.textContent ?? '').includes(text),
    { id, text },
    { timeout: WAIT_MS },
  );
}

/** The page's status line: what it could not read or keep; '' when it has nothing to say. */
export async function pageStatus(page) {
  return page.evaluate(() => document.querySelector('[data-page-status]')?.textContent ?? '');
}

/** Every field error the page shows, by field name. */
export async function fieldErrors(page) {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('[data-error]')]
        .filter((e) => e.textContent.trim() !== '')
        .map((e) => [e.dataset.error, e.textContent]),
    ),
  );
}

/** Waits until output `id` is exactly `text`. */
export async function waitForOutputEqual(page, id, text) {
  await page.waitForFunction(
    ({ id, text }) => (document.querySelector(`[data-output="${id}"]`)?.textContent ?? '') === text,
    { id, text },
    { timeout: WAIT_MS },
  );
}

/**
 * Ticks or unticks a feature as a user would, by clicking its checkbox. The core's box is
 * disabled while another feature implies it; it is left alone when it already shows `on`.
 */
export async function setFeature(page, feature, on) {
  const box = page.locator(`input[type=checkbox][name="feature"][value="${feature}"]`);
  if (await box.isDisabled()) {
    if ((await box.isChecked()) === on) {
      return;
    }
    throw new Error(`the ${feature} checkbox is disabled and cannot be ${on ? 'ticked' : 'unticked'}`);
  }
  await box.setChecked(on);
}

/** Types into a text field as a user would, then leaves it (so both input and change fire). */
export async function typeField(page, name, value) {
  const field = page.locator(`[name="${name}"]`);
  await field.fill(value);
  await field.blur();
}

/** Chooses a partition in the select. */
export async function choosePartition(page, partition) {
  await page.locator('select[name="partition"]').selectOption(partition);
}

/** Chooses the managed or custom VSS policy. */
export async function chooseVssPolicy(page, choice) {
  await page.locator(`input[type=radio][name="vss-policy"][value="${choice}"]`).check();
}

/** Chooses how instances reach S3. */
export async function chooseS3Route(page, route) {
  await page.locator(`input[type=radio][name="s3-route"][value="${route}"]`).check();
}

/** Chooses instance profiles or Default Host Management. */
export async function chooseTarget(page, target) {
  await page.locator(`input[type=radio][name="target"][value="${target}"]`).check();
}

/**
 * Enters a selection (the JSON plan format: features, partition and the field names) into the
 * page: features first, since they decide which fields are shown.
 */
export async function applySelection(page, selection) {
  if (selection.features) {
    const wanted = new Set(selection.features);
    // Untick first, the core last (other features imply it), so that a selection without the
    // core is reached as a user reaches it; then tick.
    const off = FEATURES.filter((f) => !wanted.has(f)).sort((a, b) => (a === 'core') - (b === 'core'));
    for (const feature of off) {
      await setFeature(page, feature, false);
    }
    for (const feature of FEATURES.filter((f) => wanted.has(f))) {
      await setFeature(page, feature, true);
    }
  }
  if (selection.partition) {
    await choosePartition(page, selection.partition);
  }
  if (selection.target) {
    await chooseTarget(page, selection.target);
  }
  // Checkboxes before the fields they reveal.
  for (const name of ['hybrid', 'organization']) {
    if (name in selection) {
      await page.locator(`input[type=checkbox][name="${name}"]`).setChecked(selection[name] === 'on');
    }
  }
  for (const name of TEXT_FIELDS) {
    if (name in selection) {
      const value = selection[name];
      await typeField(page, name, Array.isArray(value) ? value.join('\n') : value);
    }
  }
  if (selection['vss-policy']) {
    await chooseVssPolicy(page, selection['vss-policy']);
  }
  if (selection['s3-route']) {
    await chooseS3Route(page, selection['s3-route']);
  }
}

/** What the form shows: ticked features, the partition, the text fields and the choices. */
export async function formState(page) {
  return page.evaluate(
    ({ textFields }) => {
      const value = (name) => document.querySelector(`[name="${name}"]`)?.value ?? null;
      return {
        features: [...document.querySelectorAll('input[type=checkbox][name="feature"]:checked')]
          .map((box) => box.value)
          .sort(),
        partition: value('partition'),
        fields: Object.fromEntries(textFields.map((name) => [name, value(name)])),
        vss: document.querySelector('input[type=radio][name="vss-policy"]:checked')?.value ?? null,
        route: document.querySelector('input[type=radio][name="s3-route"]:checked')?.value ?? null,
        target: document.querySelector('input[type=radio][name="target"]:checked')?.value ?? null,
      };
    },
    { textFields: TEXT_FIELDS },
  );
}
