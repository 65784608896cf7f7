#!/usr/bin/env bash
# Runs every test: unit and end-to-end tests of the Rust workspace (including the 60 real
# specs of ../shared/corpus when it is there), the DCAT-AP SHACL check of the open-data export,
# then the browser tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo test --workspace --locked
tests/shacl/run.sh
if [ -f tests/browser/run.sh ]; then
  tests/browser/run.sh
fi
