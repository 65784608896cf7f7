#!/usr/bin/env bash
# Browser tests: build the binary, then run every *.test.mjs here against `katalog serve` on the
# shipped catalog in headless Chromium. Screenshots land in tests/artifacts/.
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules ] || npm ci --no-fund --no-audit --silent
(cd ../.. && cargo build --locked -q)
node --test --test-concurrency=1 ./*.test.mjs
