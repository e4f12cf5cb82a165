#!/usr/bin/env bash
# System packages the browser and notebook checks need, from Debian: Chromium (the dashboard is
# tested in a real browser) and Jupyter (the Deno notebook is executed headless). Installed only when
# missing; needs root (CI runs as root). Elsewhere, install them yourself: the checks say so.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v jupyter-nbconvert >/dev/null 2>&1 || missing+=(jupyter-nbconvert python3-jupyter-client)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system packages: ${missing[*]} (Debian). Install them to run the browser and notebook checks." >&2
  exit 0
fi
echo "Installing ${missing[*]} from Debian's packages" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
