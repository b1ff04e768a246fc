// The `ssm-plan` command line, the page's independent twin: it runs the same core natively, so
// the tests read what the page should show from it rather than from the page itself.
import { execFileSync } from 'node:child_process';

import { ROOT } from './browser.js';

let built;

/**
 * The path of a current `ssm-plan`, from build_ssm_plan in scripts/lib.sh: the one way the
 * oracles find it too. The build is a no-op when `cargo test --all-targets` has just run.
 */
export function buildSsmPlan() {
  built ??= execFileSync(
    'bash',
    ['-c', 'source scripts/lib.sh && build_ssm_plan && printf "%s" "$SSM_PLAN"'],
    { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return built;
}

/** The plan JSON `ssm-plan plan` prints for a selection (the page's defaults for `{}`). */
export function cliPlan(selection) {
  const printed = execFileSync(buildSsmPlan(), ['--plan', '-', 'plan'], {
    input: JSON.stringify(selection),
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return JSON.parse(printed);
}
