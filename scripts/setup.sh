#!/usr/bin/env bash
# Installs what the tests need beyond the Rust toolchain: Debian's Chromium (page tests and
# screenshots), pySHACL (DCAT-AP validation) and the browser-test tools from npm.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ -f tests/shacl/requirements.txt ] && ! python3 -c "import pyshacl" 2>/dev/null; then
  echo "setup: pip install pyshacl"
  python3 -m pip install -q --disable-pip-version-check -r tests/shacl/requirements.txt
fi

if [ -f tests/browser/package.json ] && [ ! -d tests/browser/node_modules ]; then
  echo "setup: npm ci (tests/browser)"
  (cd tests/browser && npm ci --no-fund --no-audit --silent)
fi
