#!/usr/bin/env bash
# Builds the shipped catalog (content/) and serves it on http://127.0.0.1:8000/ with live
# reload. Extra arguments go to `katalog serve` (e.g. --port 9000).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release --locked -- serve --content content --out site "$@"
