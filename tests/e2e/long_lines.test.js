// Very long single lines, in an output and in the fields and messages about what was typed,
// stay inside the page on a phone and on a desktop: code blocks scroll within themselves,
// messages wrap (they quote an excerpt of a long value), and the page never scrolls sideways.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { servedPlanner } from './support/served.js';
import { openPlanner, setFeature, typeField, waitForOutputContaining } from './support/planner.js';

const ACCOUNT = '123456789012';
// The longest key prefix the planner takes: its ARN is the longest line an output can have.
const PREFIX = 'p'.repeat(900);
// 5,000 characters on one line, refused with a message that quotes its start.
const LONG_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${'k'.repeat(5_000 - 40)}`;


const served = servedPlanner({ prefix: '/' });

async function waitForErrorQuoting(page, name, text) {
  await page.waitForFunction(
    ({ name, text }) => (document.querySelector(`[data-error="${name}"]`)?.textContent ?? '').includes(text),
    { name, text },
  );
}

/** How wide the page is, and how the s3-policy block and the error messages sit in it. */
function measure(page) {
  return page.evaluate(() => {
    const block = document.querySelector('[data-output="s3-policy"]');
    return {
      pageWidth: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
      longest: Math.max(0, ...(block?.textContent ?? '').split('\n').map((line) => line.length)),
      blockScrolls: block && block.scrollWidth > block.clientWidth,
      blockOverflow: block && getComputedStyle(block).overflowX,
      blockRight: block?.getBoundingClientRect().right,
      errorsRight: [...document.querySelectorAll('[data-error]')].map((e) => e.getBoundingClientRect().right),
    };
  });
}

function assertFits(layout) {
  assert.ok(
    layout.pageWidth <= layout.viewport,
    `the page is ${layout.pageWidth} pixels wide in a ${layout.viewport}-pixel viewport`,
  );
  for (const right of layout.errorsRight) {
    assert.ok(right <= layout.viewport, `an error message ends at ${right}`);
  }
}

for (const width of [360, 1280]) {
  test(`long lines stay inside a ${width}-pixel-wide page`, async (t) => {
    const { context, page, problems } = await openPlanner(served.browser, served.server.url, {
      viewport: { width, height: 800 },
    });
    t.after(() => context.close());
    await setFeature(page, 's3-output', true);
    await typeField(page, 'account-id', ACCOUNT);
    await typeField(page, 'bucket', 'long-lines');
    await typeField(page, 'bucket-prefix', PREFIX);
    await waitForOutputContaining(page, 's3-policy', `arn:aws:s3:::long-lines/${PREFIX}/*`);
    await typeField(page, 'role-names', 'R'.repeat(5_000));
    await waitForErrorQuoting(page, 'role-names', 'R'.repeat(40));

    const layout = await measure(page);
    assert.ok(layout.longest > 900, `the policy has a line of ${layout.longest} characters`);
    assertFits(layout);
    assert.ok(layout.blockRight <= layout.viewport, `the code block ends at ${layout.blockRight}`);
    assert.ok(layout.blockScrolls, 'the code block scrolls its long line within itself');
    assert.ok(['auto', 'scroll'].includes(layout.blockOverflow), layout.blockOverflow);

    // An invalid key ARN blocks the policy; its message quotes the start of it.
    await typeField(page, 'kms-key-arn', LONG_ARN);
    await waitForErrorQuoting(page, 'kms-key-arn', `key/${'k'.repeat(20)}`);
    assertFits(await measure(page));
    assert.deepEqual(problems, []);
  });
}
