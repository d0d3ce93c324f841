#!/usr/bin/env bash
# Lint test: every emitted migration passes ESLint (@eslint/js recommended, CommonJS, node globals)
# and `prettier --check` (defaults + singleQuote) unchanged. Checked: the committed output/, and
# conversions of every history in ../shared/corpus and ../shared/corpus-next (made in a temp dir).
# Usage: tests/lint/lint.sh CONVERTER. ESLint and Prettier are pinned in tests/lint/package-lock.json
# and installed here with `npm ci` (once per lock: a stamp file remembers it).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
converter=${1:?usage: lint.sh CONVERTER}
# shellcheck source=../../scripts/lib/prisma-order.sh
. "$root/scripts/lib/prisma-order.sh"

stamp=$here/node_modules/.p2s-lock-hash
want=$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "lint: npm ci in tests/lint/" >&2
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/files"
cp -r "$root/output" "$tmp/files/output"
for corpus in "$root/../shared/corpus" "$root/../shared/corpus-next"; do
  [ -d "$corpus" ] || continue
  for dir in "$corpus"/*/migrations; do
    [ -d "$dir" ] || continue
    name=$(basename "$(dirname "$dir")")
    # A history the converter refuses (exit 1) or that takes over 120 s (a converter bug the
    # corpus test is for) has no output to lint: said, not failed here.
    order=$(prisma_order "$dir")  # the order Prisma ran it in, when the two rules differ
    set +e
    timeout 120 "$converter" convert "$dir" --out "$tmp/files/$(basename "$corpus")/$name" --quiet \
      ${order:+--order "$order"} 2>/dev/null
    rc=$?
    set -e
    [ "$rc" -ne 124 ] || echo "lint: $name: conversion took over 120 s, not linted" >&2
  done
done
# --strict-down bodies that only throw (no queryInterface parameter).
"$converter" convert "$root/fixtures/data/migrations" --out "$tmp/files/strict-down/data" --quiet --strict-down
find "$tmp/files" -name conversion-report.json -delete
count=$(find "$tmp/files" -name '*.js' | wc -l)
echo "lint: $count files" >&2

failed=0
# ESLint resolves files against the config's folder, so it runs from the temp dir with -c.
if ! (cd "$tmp/files" && "$here/node_modules/.bin/eslint" --no-warn-ignored -c "$here/eslint.config.js" . \
        >"$tmp/eslint.txt" 2>&1); then
  echo "lint: eslint:" >&2
  head -60 "$tmp/eslint.txt" >&2
  failed=$((failed + 1))
fi
if ! (cd "$tmp/files" && "$here/node_modules/.bin/prettier" --config "$here/.prettierrc.json" --no-editorconfig \
        --check . >"$tmp/prettier.txt" 2>&1); then
  echo "lint: prettier --check:" >&2
  grep -v '^Checking' "$tmp/prettier.txt" | head -40 >&2
  first=$(grep '^\[warn\] .*\.js$' "$tmp/prettier.txt" | head -1 | sed 's/^\[warn\] //')
  if [ -n "$first" ]; then
    echo "lint: first difference ($first):" >&2
    (cd "$tmp/files" && "$here/node_modules/.bin/prettier" --config "$here/.prettierrc.json" --no-editorconfig \
        "$first" | diff -u "$first" - | head -60) >&2 || true
  fi
  failed=$((failed + 1))
fi
echo "$((2 - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
