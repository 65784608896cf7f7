#!/usr/bin/env bash
# DCAT-AP 3.0.1 conformance of the open-data export, as a harvester (data.europa.eu,
# dane.gov.pl) would check it: builds the shipped catalog, and the 60-spec sample of
# ../shared/corpus when it is there, then validates feeds/dcat.jsonld and feeds/dcat.ttl against
# the SHACL shapes (zero violations of the mandatory shapes; the JSON-LD and the Turtle must hold
# the same graph). Uses the debug binary `cargo test` built.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
SHARED=${SHARED:-$ROOT/../shared}
BIN=${KATALOG_BIN:-$ROOT/target/debug/katalog}
[ -x "$BIN" ] || cargo build --locked -q
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

validate() { # name content
  "$BIN" build --content "$2" --out "$OUT/site-$1" >/dev/null 2>"$OUT/build-$1.log" || { cat "$OUT/build-$1.log" >&2; exit 1; }
  echo "shacl: $1"
  python3 tests/shacl/validate.py --shapes "$SHARED/reference/standards/dcat-ap-3.0.1" \
    "$OUT/site-$1/feeds/dcat.jsonld" "$OUT/site-$1/feeds/dcat.ttl"
}

validate content "$ROOT/content"
if [ -d "$SHARED/corpus/apis-guru-sample" ]; then
  python3 bench/make_corpus_content.py "$SHARED/corpus/apis-guru-sample" "$OUT/sample" >/dev/null
  validate sample "$OUT/sample"
else
  echo "shacl: sample skipped ($SHARED/corpus/apis-guru-sample not found)"
fi
