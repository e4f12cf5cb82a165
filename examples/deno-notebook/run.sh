#!/usr/bin/env bash
# Executes notebook.ipynb headless with Deno's Jupyter kernel, offline, and checks what its cells
# printed, displayed and exported. What CI runs; exits non-zero when anything is wrong.
#
# Needs: Jupyter from Debian's packages (apt-get install jupyter-nbconvert python3-jupyter-client),
# Node 22 and Deno 2 (both brought from the npm registry by scripts/toolchain.sh), built packages.
# Output (not committed): examples/deno-notebook/.artifacts/ (or $LDN_NOTEBOOK_ARTIFACTS):
# executed.ipynb, the exports, check.txt.
# Usage: ./run.sh [notebook.ipynb] (another notebook of this folder, e.g. to see a broken one fail)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../../scripts/toolchain.sh
source "$root/scripts/toolchain.sh"
ldn_deno
deno --version | head -1

if ! command -v jupyter-nbconvert >/dev/null 2>&1; then
  echo "Jupyter is missing: apt-get install -y --no-install-recommends jupyter-nbconvert python3-jupyter-client" >&2
  exit 1
fi

# The notebook imports the built packages through this folder's node_modules (pnpm's links).
for package in core geo connectors questions; do
  if [ ! -d "$root/packages/$package/dist" ]; then
    (cd "$root" && pnpm --filter './packages/*' run build)
    break
  fi
done

# Deno's kernel: `deno jupyter --install` writes a kernelspec into the user's Jupyter data dir, with
# the absolute path of this deno. Install it when missing or when it points at another deno.
kernel="$(jupyter --data-dir)/kernels/deno/kernel.json"
deno_bin=$(command -v deno)
if [ ! -f "$kernel" ] || ! grep -qF "\"$deno_bin\"" "$kernel"; then
  deno jupyter --install --force
fi

artifacts=${LDN_NOTEBOOK_ARTIFACTS:-$here/.artifacts}
rm -rf "$artifacts"
mkdir -p "$artifacts/exports"
export LDN_NOTEBOOK_OUT="$artifacts/exports"

# --allow-errors: a failing cell still yields executed.ipynb, and the checker names the cell.
cd "$here"
notebook=${1:-notebook.ipynb}
jupyter nbconvert --to notebook --execute --allow-errors \
  --ExecutePreprocessor.kernel_name=deno --ExecutePreprocessor.timeout=120 \
  --output-dir "$artifacts" --output executed.ipynb "$notebook"

status=0
node check.ts "$artifacts/executed.ipynb" "$artifacts/exports" >"$artifacts/check.txt" || status=$?
cat "$artifacts/check.txt"
exit "$status"
