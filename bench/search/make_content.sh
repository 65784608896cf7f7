#!/usr/bin/env bash
# Builds the search benchmark's catalog: content/ plus the 60 specs of the APIs.guru sample as
# one content folder (the sample's APIs under the existing category `gospodarka`, institution
# `apis-guru`).  Usage: make_content.sh OUT_DIR
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$1
CORPUS=${CORPUS:-$ROOT/../shared/corpus/apis-guru-sample}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
python3 "$ROOT/bench/make_corpus_content.py" "$CORPUS" "$TMP/sample" >/dev/null
rm -rf "$OUT"
cp -r "$ROOT/content" "$OUT"
cp "$TMP/sample/institutions/apis-guru.md" "$OUT/institutions/"
for d in "$TMP"/sample/apis/*; do
  name=$(basename "$d")
  [ -e "$OUT/apis/$name" ] && name="sample-$name"
  sed -i 's/^categories: \[inne\]/categories: [gospodarka]/' "$d/index.md"
  mv "$d" "$OUT/apis/$name"
done
