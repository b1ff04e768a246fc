# shellcheck shell=bash
# Shared by the scripts in this folder (sourced, not run): the repository root, the tool
# locations the build relies on, and small helpers.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1

# trunk and wasm-bindgen come from `cargo install`; wasm-opt from the npm package binaryen.
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# The end-to-end test drives the system Chromium; no browser is ever downloaded.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [[ "${CI:-}" == "true" ]]; then
    export CARGO_TERM_COLOR=never
fi

say() {
    printf '%s: %s\n' "$(basename "$0")" "$*"
}

die() {
    printf '%s: error: %s\n' "$(basename "$0")" "$*" >&2
    exit 1
}

# The version of a package as pinned in Cargo.lock.
cargo_lock_version() {
    awk -v name="$1" '
        $0 == "[[package]]" { in_pkg = 0 }
        $0 == "name = \"" name "\"" { in_pkg = 1; next }
        in_pkg && /^version = / { gsub(/"/, "", $3); print $3; exit }
    ' Cargo.lock
}

# The chromium the browser tests use: $CHROMIUM if set, else the one on PATH.
chromium_path() {
    if [[ -n "${CHROMIUM:-}" ]]; then
        printf '%s\n' "$CHROMIUM"
    else
        command -v chromium || true
    fi
}

# Builds the `ssm-plan` command line (a no-op when it is current) and exports its path as
# SSM_PLAN. The path is the one cargo reports for what it built, never a guess, so
# CARGO_TARGET_DIR, a target-dir in a cargo config and a --target triple all work. The oracles
# and the end-to-end test both find the binary through this function.
build_ssm_plan() {
    local messages
    messages="$(cargo build --quiet --bin ssm-plan --message-format=json-render-diagnostics)" \
        || die "cargo build --bin ssm-plan failed"
    SSM_PLAN="$(printf '%s\n' "$messages" | python3 -c '
import json, sys
for line in sys.stdin:
    if line.startswith("{"):
        m = json.loads(line)
        if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "ssm-plan" and m.get("executable"):
            print(m["executable"])
')"
    [[ -n "$SSM_PLAN" && -x "$SSM_PLAN" ]] || die "cargo built no ssm-plan executable"
    export SSM_PLAN
}
