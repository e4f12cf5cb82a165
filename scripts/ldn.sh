#!/usr/bin/env bash
# The README's two commands: `npm run demo` and `npm test` call this script.
#   demo  installs, builds and runs the quick-start example offline on bundled recorded responses
#   test  installs and runs everything CI runs: lint, type-check, build, tests (with a throwaway
#         PostGIS server for the store, scripts/postgres.sh), package checks, Deno
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

case "${1:-}" in
  demo)
    # Quiet unless something fails: the demo's output is the point.
    log=$(mktemp)
    { install && build; } >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
    rm -f "$log"
    pnpm --silent --filter @ldn-twin/example-node-quickstart run start
    ;;
  test)
    step "system packages (Chromium, Jupyter)"
    bash scripts/system-deps.sh
    install
    step lint
    pnpm exec biome ci .
    step type-check
    pnpm exec tsc -p tsconfig.json
    build
    step "package checks (publint, attw, manifests)"
    node scripts/check-packages.mjs
    step "dependency audit"
    node scripts/audit.mjs
    step "PostgreSQL + PostGIS server for the store's server tests"
    source scripts/postgres.sh
    trap postgres_stop EXIT
    postgres_start
    step "tests (vitest: packages and examples)"
    LDN_TWIN_REQUIRE_POSTGRES=1 pnpm exec vitest run --reporter=default --reporter=json --outputFile.json=.artifacts/vitest.json
    postgres_stop
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
