#!/usr/bin/env bash
# The four real histories in ../shared/corpus convert with exit 0, every file is valid (the
# converter checks each with tree-sitter and refuses otherwise; node --check double-checks), and
# the output order equals Prisma's folder order.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
converter=${1:?usage: corpus.sh CONVERTER}
# shellcheck source=../scripts/lib/prisma-order.sh
. "$root/scripts/lib/prisma-order.sh"
corpus="$root/../shared/corpus"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
for dir in "$corpus"/*/migrations; do
  name=$(basename "$(dirname "$dir")")
  order=()  # the order Prisma ran it in, when the two rules differ
  word=$(prisma_order "$dir")
  [ -z "$word" ] || order=(--order "$word")
  if ! "$converter" convert "$dir" --out "$tmp/$name" --quiet "${order[@]}"; then
    echo "corpus: $name: convert failed" >&2; failed=$((failed + 1)); continue
  fi
  folders=$(cd "$dir" && for d in */; do [ -f "$d/migration.sql" ] && echo "${d%/}"; done | LC_ALL=C sort | wc -l)
  files=$(ls "$tmp/$name" | grep -c '\.js$')
  if [ "$folders" -ne "$files" ]; then
    echo "corpus: $name: $folders migrations but $files files" >&2; failed=$((failed + 1)); continue
  fi
  # The report lists migrations in Prisma's order; the file names must sort the same way.
  node -e '
    const r = require(process.argv[1]);
    const files = r.migrations.map((m) => m.file);
    const sorted = [...files].sort();
    if (JSON.stringify(files) !== JSON.stringify(sorted)) { console.error("order differs"); process.exit(1); }
  ' "$tmp/$name/conversion-report.json" || { failed=$((failed + 1)); continue; }
  for f in "$tmp/$name"/*.js; do node --check "$f" || { echo "corpus: $f is not valid JavaScript" >&2; failed=$((failed + 1)); continue 2; }; done
  passed=$((passed + 1))
done
[ $((passed + failed)) -eq 4 ] || { echo "corpus: expected 4 histories in $corpus" >&2; exit 1; }
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
