#!/usr/bin/env bash
# The README's two commands: `npm run demo` and `npm test` call this script.
#   demo  installs, builds what changed since its last run (scripts/build-changed.mjs: seconds on a
#         built tree) and runs the quick-start example offline on bundled recorded responses
#   test  installs and runs everything CI runs: lint, type-check, build, tests (with a throwaway
#         PostGIS server for the store, scripts/postgres.sh), package checks, the live checks' dry
#         run (`pnpm live --dry-run`: lists the requests, makes none), the API reference, Deno
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/toolchain.sh
export npm_config_update_notifier=false

step() { printf '\n== %s\n' "$*" >&2; }

install() {
  step "install (pnpm $(pnpm --version), node $(node --version))"
  pnpm install --frozen-lockfile --reporter=append-only
}

build() {
  step build
  pnpm --filter './packages/*' --reporter-hide-prefix run build
}

# Starts a command in the background, its output kept in .artifacts/<name>.log (shown by `shown`).
started() {
  local name=$1
  shift
  "$@" >".artifacts/$name.log" 2>&1 &
}

# Waits for the background command `pid`, then shows its output: its exit status is the command's.
shown() {
  local name=$1 pid=$2 status=0
  wait "$pid" || status=$?
  cat ".artifacts/$name.log" >&2
  return "$status"
}

# One vitest project (see vitest.config.ts), its JSON report kept for the summary.
run_tests() {
  pnpm exec vitest run --project "$1" --reporter=default --reporter=json --outputFile.json=".artifacts/vitest-$1.json"
}

case "${1:-}" in
  demo)
    # Quiet unless something fails: the demo's output is the point.
    log=$(mktemp)
    { install && node scripts/build-changed.mjs; } >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
    rm -f "$log"
    pnpm --silent --filter @ldn-twin/example-node-quickstart run start
    ;;
  test)
    step "system packages (Chromium, Jupyter)"
    bash scripts/system-deps.sh
    install
    step lint
    pnpm exec biome ci .
    step "PostgreSQL + PostGIS server for the store's server tests"
    source scripts/postgres.sh
    trap postgres_stop EXIT
    postgres_start
    export LDN_TWIN_REQUIRE_POSTGRES=1
    # The tests of the `source` project run against the sources (vitest aliases), so they run while
    # the whole repository type-checks and the packages build (one core each would otherwise idle);
    # the type-check's and the build's output are shown once they end.
    step "type-check and build, and meanwhile the tests that need no build (vitest project: source)"
    mkdir -p .artifacts
    started type-check pnpm exec tsc -p tsconfig.json
    type_check_pid=$!
    started build build
    build_pid=$!
    source_tests=0
    run_tests source || source_tests=$?
    step "type-check (ran alongside the tests)"
    typed=0
    shown type-check "$type_check_pid" || typed=$?
    built=0
    shown build "$build_pid" || built=$?
    [ "$typed" -eq 0 ] && [ "$built" -eq 0 ] && [ "$source_tests" -eq 0 ] || exit 1
    # The consumer check waits mostly on npm and Deno, so it runs beside the steps up to Deno.
    started consumer-check node scripts/consumer-check.mjs
    consumer_pid=$!
    step "live checks, dry run (every request \`pnpm live\` would make; none is made)"
    pnpm --silent live --dry-run --out .artifacts/live >.artifacts/live-dry-run.log ||
      { cat .artifacts/live-dry-run.log >&2; exit 1; }
    tail -n 1 .artifacts/live-dry-run.log >&2
    step "package checks (publint, attw, manifests)"
    node scripts/check-packages.mjs
    step "API reference (TypeDoc, every package, to docs/api/)"
    pnpm --silent docs:api >.artifacts/typedoc.log 2>&1 || { cat .artifacts/typedoc.log >&2; exit 1; }
    tail -n 1 .artifacts/typedoc.log >&2
    step "bundle budgets (gzip, per entry, browser)"
    node scripts/bundle-budgets.mjs
    step "release dry run (changesets, pnpm publish, deno publish)"
    node scripts/release.mjs --dry-run
    step "dependency audit"
    node scripts/audit.mjs
    step "tests that run the built packages: the CLI binary, the examples (vitest project: built)"
    run_tests built
    postgres_stop
    step "consumer check (packed tarballs, npm, tsc nodenext/bundler, Node, Deno, esbuild; ran alongside)"
    shown consumer-check "$consumer_pid"
    step "Deno"
    bash scripts/deno-check.sh
    step "Deno notebook (Jupyter, executed headless)"
    bash examples/deno-notebook/run.sh
    step "summary"
    node scripts/test-summary.mjs
    ;;
  *)
    echo "usage: scripts/ldn.sh demo|test" >&2
    exit 2
    ;;
esac
