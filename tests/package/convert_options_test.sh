#!/usr/bin/env bash
# convert --keep-going, --check --diff and --all (label cli).
# Usage: tests/package/convert_options_test.sh CONVERTER
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
converter=${1:?usage: convert_options_test.sh CONVERTER}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
check() {
  local what=$1
  shift
  if "$@" >"$tmp/check.log" 2>&1; then passed=$((passed + 1)); else
    failed=$((failed + 1))
    echo "FAIL: $what" >&2
    tail -20 "$tmp/check.log" >&2
  fi
}

# A history whose 8th migration does not parse (school-health: its folders run in byte order, so
# every conversion here says --order bytes).
cp -r "$root/fixtures/school-health/migrations" "$tmp/h"
broken=20240604121500_appointment_status_rework
printf 'CREATE TABLE "Oops" (;\n' >"$tmp/h/$broken/migration.sql"

set +e
"$converter" convert "$tmp/h" --order bytes --out "$tmp/stop" -q 2>/dev/null; rc=$?
set -e
check "without --keep-going a syntax error stops the conversion (exit 1)" test "$rc" -eq 1
check "without --keep-going nothing is written" test ! -e "$tmp/stop"
set +e
"$converter" convert "$tmp/h" --order bytes --out "$tmp/kg" --keep-going 2>"$tmp/kg.err"; rc=$?
set -e
check "--keep-going exits 2 (converted with errors)" test "$rc" -eq 2
check "--keep-going still prints the error with its location" grep -q "$broken/migration.sql:1:22: error: syntax error" "$tmp/kg.err"
check "--keep-going writes every migration" test "$(ls "$tmp/kg"/*.js | wc -l)" -eq 9
js=$tmp/kg/20240604121500-appointment_status_rework.js
check "its up() sends the file as it is" grep -q 'CREATE TABLE "Oops" (;' "$js"
check "its down() throws naming the migration" grep -Pzq "throw new Error\(\s*'migration $broken cannot be undone" "$js"
check "the report lists it" node -e '
  const r = require(process.argv[1]);
  const m = r.migrations.find((x) => x.prisma === process.argv[2]);
  process.exit(m && m.down === "irreversible" && m.statements[0].translation === "reported" &&
    m.warnings.some((w) => w.includes("[syntax-error]")) ? 0 : 1);' "$tmp/kg/conversion-report.json" "$broken"

# --check --diff: a unified diff that `git apply` accepts and that brings the folder up to date.
sed -i 's/Sequelize\.TEXT/Sequelize.STRING/' "$tmp/kg/20240115093000-init.js"
rm "$tmp/kg/20240202141500-medications.js"
set +e
"$converter" convert "$tmp/h" --order bytes --out "$tmp/kg" --keep-going --check --diff -q >"$tmp/d.patch" 2>/dev/null; rc=$?
set -e
check "--check --diff exits 1 on a difference" test "$rc" -eq 1
check "--diff prints a unified diff" grep -q '^--- a/20240115093000-init.js' "$tmp/d.patch"
check "--diff shows the missing file as new" grep -q '^+++ b/20240202141500-medications.js' "$tmp/d.patch"
check "the diff applies" bash -c "cd '$tmp/kg' && git apply -p1 '$tmp/d.patch'"
set +e
"$converter" convert "$tmp/h" --order bytes --out "$tmp/kg" --keep-going --check -q 2>/dev/null; rc=$?
set -e
check "after applying it the folder is up to date (2: still converted with errors)" test "$rc" -eq 2
check "--diff needs --check" bash -c "! '$converter' convert '$tmp/h' --order bytes --out '$tmp/x' --diff"

# --all: every history under a root (not under node_modules), a table, non-zero when one fails.
mkdir -p "$tmp/root/app/prisma" "$tmp/root/svc/prisma" "$tmp/root/node_modules/dep/prisma" "$tmp/root/.git/x"
cp -r "$root/fixtures/school-health/migrations" "$tmp/root/app/prisma/migrations"
cp -r "$root/fixtures/data/migrations" "$tmp/root/svc/prisma/migrations"
cp -r "$root/fixtures/tables/migrations" "$tmp/root/node_modules/dep/prisma/migrations"
cp -r "$root/fixtures/tables/migrations" "$tmp/root/.git/x/migrations"
set +e
"$converter" convert --all "$tmp/root" --order bytes --jobs 2 >"$tmp/all.out" 2>"$tmp/all.err"; rc=$?
set -e
check "--all exits 0 when every history converts" test "$rc" -eq 0
check "--all writes beside prisma/" test -f "$tmp/root/app/sequelize/migrations/conversion-report.json" -a -f "$tmp/root/svc/sequelize/migrations/conversion-report.json"
check "--all skips node_modules and .git" test ! -e "$tmp/root/node_modules/dep/sequelize" -a ! -e "$tmp/root/.git/sequelize"
check "--all prints one table" grep -Eq '^app/prisma/migrations +9 +56/56/0 +3/0 +1 +ok$' "$tmp/all.out"
cp -r "$tmp/h" "$tmp/root/broken"
set +e
"$converter" convert --all "$tmp/root" --order bytes --out-pattern '{history}/../converted' >"$tmp/all2.out" 2>/dev/null; rc=$?
set -e
check "--all exits 1 when one fails" test "$rc" -eq 1
check "--all names the failure in the table" grep -Eq '^broken .*FAILED$' "$tmp/all2.out"
check "--out-pattern is used" test -f "$tmp/root/app/prisma/converted/conversion-report.json"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
