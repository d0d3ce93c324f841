#!/usr/bin/env bash
# The scale test: a seed migration of N single-row INSERTs (generated here, never committed) converts,
# with one step per statement in up() and down() and in the report, and --check agrees. It checks
# that the run completes and what it wrote, never how long it took.
# Usage: scale_test.sh PRISMA2SEQUELIZE N
set -euo pipefail
bin=$1 n=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "scale: $*" >&2; exit 1; }

"$here/gen_history" statements "$n" "$tmp/in"
"$bin" convert "$tmp/in" --out "$tmp/out" --quiet || fail "convert exited $? on $n statements"
js=$tmp/out/20240102000000-seed.js
[ -f "$js" ] || fail "no $js"
# up(): a label and a query per INSERT; down(): the rows deleted by key, in reverse order.
[ "$(grep -c '^      // INSERT INTO Seed (migration.sql:' "$js")" -eq $((2 * n)) ] || fail "expected $((2 * n)) INSERT labels"
# (Calls are laid out as Prettier lays them out: the SQL literal on a line of its own.)
grep -qxF "        \`INSERT INTO \"Seed\" (\"id\", \"name\") VALUES ($n, 'n$n')\`," "$js" ||
  fail "the last INSERT is not in up()"
grep -qF "DELETE FROM \"Seed\" WHERE (\"id\") IN (($n))" "$js" || fail "the last row is not deleted in down()"
last=$(grep 'migration.sql:' "$js" | tail -1)
case "$last" in *"(migration.sql:1)") ;; *) fail "down() does not undo the first INSERT last: $last" ;; esac
grep -q '"statements": '$((n + 1)) "$tmp/out/conversion-report.json" || fail "the report does not count $((n + 1)) statements"
grep -q "\"line\": $n," "$tmp/out/conversion-report.json" || fail "the report misses the last line number"
"$bin" convert "$tmp/in" --out "$tmp/out" --check --quiet 2>/dev/null || fail "--check finds a difference"
echo "scale: $n statements converted"
