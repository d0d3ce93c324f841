#!/usr/bin/env bash
# convert --order bytes|locale (README, "Migration order"): a history the two rules order
# differently is refused without --order, naming the first pair they disagree on; with it, the
# files run in that rule's order; a history they agree on needs no --order and --order changes
# nothing.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
converter=${1:?usage: order_test.sh CONVERTER}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
check() {  # check NAME CONDITION...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); else echo "FAIL: $name" >&2; failed=$((failed + 1)); fi
}
# The "prisma" folder names of a conversion report, in its order, one a line.
report_order() { node -e 'for (const m of require(process.argv[1]).migrations) console.log(m.prisma)' "$1"; }
# 0 when the file names of a conversion report sort (as sequelize-cli sorts them) in report order.
files_sorted() {
  node -e 'const f = require(process.argv[1]).migrations.map((m) => m.file);
    process.exit(JSON.stringify(f) === JSON.stringify([...f].sort()) ? 0 : 1)' "$1"
}

h="$root/fixtures/order-locale/migrations"

# No --order: refused, exit 1, nothing written, the pair and both rules named.
"$converter" convert "$h" --out "$tmp/none" 2>"$tmp/none.err"; rc=$?
check "ambiguous history exits 1" test "$rc" -eq 1
check "ambiguous history writes nothing" test ! -e "$tmp/none"
check "names the pair and who runs first by bytes" \
  grep -q '"20240302093000_profile_index" runs before "20240302_profiles" by bytes (Prisma 6.5 and older), after it by localeCompare (Prisma 6.6 and newer)' "$tmp/none.err"
check "tells the user what to pass" grep -q 'pass --order bytes or --order locale' "$tmp/none.err"
check "has its code" grep -q '\[ambiguous-order\]' "$tmp/none.err"

# The bundled example is such a history too (written for byte order).
"$converter" convert "$root/fixtures/school-health/migrations" --out "$tmp/sh" 2>"$tmp/sh.err"; rc=$?
check "school-health without --order exits 1" test "$rc" -eq 1
check "school-health: the pair" grep -q '"20240418164500_medication_name_fields" runs before "20240418_search_and_trigram" by bytes' "$tmp/sh.err"

# --order locale: Prisma 6.6's order, in the report and in the file names.
"$converter" convert "$h" --out "$tmp/locale" --order locale --quiet; rc=$?
check "--order locale converts (exit 0)" test "$rc" -eq 0
check "--order locale: report in localeCompare order" test "$(report_order "$tmp/locale/conversion-report.json" | tr '\n' ' ')" = \
  "20240301000000_init 20240302_profiles 20240302093000_profile_index 20240303000000_account_flags 20240303000000_Audit "
check "--order locale: file names sort in that order" files_sorted "$tmp/locale/conversion-report.json"
# (account_flags before Audit is not byte order, so every name gets an ordinal; the short prefix
# is padded with zeros, which sort before the 14-digit 20240302093000.)
check "--order locale: the short prefix is padded with zeros" test -f "$tmp/locale/00002-20240302000000-profiles.js"

# --order bytes: Prisma 6.5's order, in which this history does not apply (the index migration
# alters "Profile" before it exists): the converter says where PostgreSQL stops, as it does for
# any history PostgreSQL rejects part way.
"$converter" convert "$h" --out "$tmp/bytes" --order bytes 2>"$tmp/bytes.err"; rc=$?
check "--order bytes: converts what PostgreSQL would run (exit 0)" test "$rc" -eq 0
check "--order bytes: names where PostgreSQL stops"   grep -q '20240302093000_profile_index/migration.sql:2:1: warning: table "Profile" does not exist in the replayed schema: PostgreSQL stops at this statement' "$tmp/bytes.err"
check "--order bytes: byte order" test "$(report_order "$tmp/bytes/conversion-report.json" | tr '\n' ' ')" = \
  "20240301000000_init 20240302093000_profile_index 20240302_profiles 20240303000000_Audit 20240303000000_account_flags "

# Bad values are usage errors.
"$converter" convert "$h" --out "$tmp/bad" --order natural 2>"$tmp/bad.err"; rc=$?
check "--order natural is refused" test "$rc" -ne 0 -a "$rc" -ne 2
check "--order natural writes nothing" test ! -e "$tmp/bad"

# A history both rules order alike: no --order needed, and either one gives the same files.
t="$root/fixtures/tables/migrations"
"$converter" convert "$t" --out "$tmp/t-none" --quiet; rc=$?
check "agreeing history needs no --order" test "$rc" -eq 0
"$converter" convert "$t" --out "$tmp/t-bytes" --order bytes --quiet
"$converter" convert "$t" --out "$tmp/t-locale" --order locale --quiet
check "--order bytes changes nothing when the rules agree" diff -r "$tmp/t-none" "$tmp/t-bytes"
check "--order locale changes nothing when the rules agree" diff -r "$tmp/t-none" "$tmp/t-locale"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
