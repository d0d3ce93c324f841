#!/usr/bin/env bash
# The scale test: a seed migration of N single-row INSERTs (generated here, never committed) converts,
# with every statement in up() and down() and one step per statement in the report, and --check agrees. It checks
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
# up(): the INSERTs as one query (a run of data statements, emit's kBatchMin), every one of them in
# the file's order; down(): the rows deleted by key, in reverse order, also as one query.
label="// INSERT INTO Seed (migration.sql:1) to INSERT INTO Seed (migration.sql:$n): $n data statements in one query"
grep -qxF "      $label" "$js" || fail "up() has no label for the $n INSERTs"
[ "$(grep -c 'INSERT INTO "Seed" ("id", "name") VALUES' "$js")" -eq "$n" ] || fail "expected $n INSERTs"
[ "$(grep -c 'DELETE FROM "Seed" WHERE ("id") IN' "$js")" -eq "$n" ] || fail "expected $n DELETEs"
grep -qF "INSERT INTO \"Seed\" (\"id\", \"name\") VALUES ($n, 'n$n')\`," "$js" || fail "the last INSERT does not end up()'s query"
grep -qF "\`DELETE FROM \"Seed\" WHERE (\"id\") IN (($n));" "$js" || fail "down() does not delete the last row first"
grep -qF "DELETE FROM \"Seed\" WHERE (\"id\") IN ((1))\`," "$js" || fail "down() does not delete the first row last"
grep -q '"statements": '$((n + 1)) "$tmp/out/conversion-report.json" || fail "the report does not count $((n + 1)) statements"
grep -q "\"line\": $n," "$tmp/out/conversion-report.json" || fail "the report misses the last line number"
"$bin" convert "$tmp/in" --out "$tmp/out" --check --quiet 2>/dev/null || fail "--check finds a difference"
echo "scale: $n statements converted"
