#!/usr/bin/env bash
# Golden test: every fixtures/<name>/migrations converts to exactly the committed output/<name>/.
# Usage: tests/golden.sh CONVERTER [--update]   (--update rewrites output/ from the converter,
# which itself refuses to write invalid JavaScript; review the diff before committing it)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
converter=${1:?usage: golden.sh CONVERTER [--update]}
# shellcheck source=../scripts/lib/prisma-order.sh
. "$root/scripts/lib/prisma-order.sh"
update=${2:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
count=0
for dir in "$root"/fixtures/*/migrations; do
  name=$(basename "$(dirname "$dir")")
  count=$((count + 1))
  order=()  # the order Prisma ran the fixture in, when the two rules differ (fixtures/README.md)
  word=$(prisma_order "$dir")
  [ -z "$word" ] || order=(--order "$word")
  if ! "$converter" convert "$dir" --out "$tmp/$name" --quiet "${order[@]}"; then
    echo "golden: $name: conversion failed" >&2
    failed=$((failed + 1))
    continue
  fi
  if [ "$update" = "--update" ]; then
    rm -rf "$root/output/$name"
    mkdir -p "$root/output"
    cp -r "$tmp/$name" "$root/output/$name"
    echo "golden: updated output/$name"
  elif ! diff -r "$root/output/$name" "$tmp/$name" >"$tmp/$name.diff" 2>&1; then
    echo "golden: $name: output differs from output/$name (run tests/golden.sh $converter --update and review):" >&2
    head -40 "$tmp/$name.diff" >&2
    failed=$((failed + 1))
  fi
done
[ "$count" -gt 0 ] || { echo "golden: no fixtures found" >&2; exit 1; }
echo "$((count - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
