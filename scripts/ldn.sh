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

# vitest projects (see vitest.config.ts): `run_tests NAME PROJECT...`, the JSON report kept as
# .artifacts/vitest-NAME.json for the summary.
run_tests() {
  local name=$1
  shift
  pnpm exec vitest run "${@/#/--project=}" --reporter=default --reporter=json --outputFile.json=".artifacts/vitest-$name.json"
}

# The checks that need the built packages and nothing else, one after another (their output in one log).
built_checks() {
  step "live checks, dry run (every request \`pnpm live\` would make; none is made)"
  pnpm --silent live --dry-run --out .artifacts/live >.artifacts/live-dry-run.log ||
    { cat .artifacts/live-dry-run.log >&2; return 1; }
  tail -n 1 .artifacts/live-dry-run.log >&2
  step "package checks (publint, attw, manifests)"
  node scripts/check-packages.mjs
  step "API reference (TypeDoc, every package, to docs/api/)"
  pnpm --silent docs:api >.artifacts/typedoc.log 2>&1 || { cat .artifacts/typedoc.log >&2; return 1; }
  tail -n 1 .artifacts/typedoc.log >&2
  step "bundle budgets (gzip, per entry, browser)"
  node scripts/bundle-budgets.mjs
  step "release dry run (changesets, pnpm publish, deno publish)"
  node scripts/release.mjs --dry-run
  step "dependency audit"
  node scripts/audit.mjs
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
    # Everything here is CPU-bound on a 2-core machine, so the aim is to keep both cores busy from the
    # first second to the last: the tests that need no build (vitest projects `units` and `source`,
    # run against the sources through vitest's aliases) start at once beside the type-check and the
    # build; as soon as the build is done, the checks of the built packages and the tests that run
    # them (project `built`) run beside the tests that are still going. Each background job's output is shown, whole, once it ends; any failure fails.
    step "type-check, build and the tests that need no build (vitest projects: units, source), side by side"
    mkdir -p .artifacts
    # TypeScript 7 (`pnpm typecheck`), single-threaded: beside the build and the tests the cores are
    # busy anyway, and one thread does the check in half the CPU time of its default four checkers.
    started type-check pnpm --silent typecheck --singleThreaded
    type_check_pid=$!
    started build build
    build_pid=$!
    # Two vitest runs: vitest makes every project's global setup (the `source` project's store
    # template, a PGlite + PostGIS store) before any test of the run starts, so `units` would wait.
    started unit-tests run_tests units units
    unit_tests_pid=$!
    started source-tests run_tests source source
    source_tests_pid=$!
    shown build "$build_pid"
    # The consumer check waits mostly on npm and Deno, so it runs beside everything up to Deno.
    started consumer-check node scripts/consumer-check.mjs
    consumer_pid=$!
    started built-checks built_checks
    built_checks_pid=$!
    started built-tests run_tests built built
    built_tests_pid=$!
    step "type-check (ran alongside)"
    shown type-check "$type_check_pid"
    step "tests that need no build (vitest projects: units, source; ran alongside)"
    shown unit-tests "$unit_tests_pid"
    shown source-tests "$source_tests_pid"
    shown built-checks "$built_checks_pid"
    step "tests that run the built packages: the CLI binary, the examples (vitest project: built; ran alongside)"
    shown built-tests "$built_tests_pid"
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
