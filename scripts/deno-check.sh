#!/usr/bin/env bash
# Runs the built packages under Deno 2 as a notebook would import them: no Node-only APIs allowed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/toolchain.sh
ldn_deno
deno --version | head -1
cd packages/core
deno run --no-config --node-modules-dir=manual --allow-read=. --allow-env test/deno/smoke.ts
cd ../geo
deno run --no-config --node-modules-dir=manual --allow-read=. --allow-env test/deno/smoke.js
