#!/usr/bin/env bash
# Command-line behaviour: errors carry file:line:col and write nothing; output is deterministic;
# files the tool did not write are never deleted.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
converter=${1:?usage: cli_test.sh CONVERTER}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
check() {  # check NAME CONDITION...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); else echo "FAIL: $name" >&2; failed=$((failed + 1)); fi
}

# A syntax error: exit 1, "path:LINE:COL: error:", the source line and a caret, nothing written.
bad="$root/fixtures/errors/syntax-error/migrations"
file=$(grep -l "expect-error" "$bad"/*/migration.sql | head -1)
expect=$(grep -o 'expect-error: [0-9]*:[0-9]*' "$file" | head -1 | cut -d' ' -f2)
"$converter" convert "$bad" --out "$tmp/syntax" 2>"$tmp/syntax.err"; rc=$?
check "syntax error exits 1" test "$rc" -eq 1
check "syntax error names file:line:col ($expect)" grep -q "migration.sql:$expect: error: " "$tmp/syntax.err"
check "syntax error shows a caret" grep -q '^ *\^$' "$tmp/syntax.err"
check "syntax error writes nothing" test ! -e "$tmp/syntax"

# A MySQL history is refused.
"$converter" convert "$root/fixtures/errors/mysql-provider/migrations" --out "$tmp/mysql" 2>"$tmp/mysql.err"; rc=$?
check "mysql provider exits 1" test "$rc" -eq 1
check "mysql provider names the provider" grep -q 'migration_lock.toml:[0-9]*:[0-9]*: error: unsupported provider "mysql"' "$tmp/mysql.err"
check "mysql provider writes nothing" test ! -e "$tmp/mysql"

# A failed run into an existing folder keeps what was there.
mkdir -p "$tmp/keep" && echo mine >"$tmp/keep/notes.txt"
"$converter" convert "$bad" --out "$tmp/keep" 2>/dev/null
check "failed run keeps existing files" test "$(cat "$tmp/keep/notes.txt")" = mine

# A good run into an existing folder keeps files it did not write, replaces its own.
good="$root/fixtures/enums/migrations"
"$converter" convert "$good" --out "$tmp/keep" --quiet; rc=$?
check "convert into existing folder exits 0" test "$rc" -eq 0
check "convert keeps foreign files" test "$(cat "$tmp/keep/notes.txt")" = mine
check "convert writes the report" test -s "$tmp/keep/conversion-report.json"

# Pointing at prisma/ instead of prisma/migrations: a clear error, nothing written.
mkdir -p "$tmp/prisma" && cp -r "$good" "$tmp/prisma/migrations"
"$converter" convert "$tmp/prisma" --out "$tmp/wrongdir" 2>"$tmp/wrongdir.err"; rc=$?
check "the prisma/ folder is refused" test "$rc" -eq 1
check "with a hint to pass prisma/migrations" grep -q "pass $tmp/prisma/migrations instead" "$tmp/wrongdir.err"
check "and nothing written" test ! -e "$tmp/wrongdir"

# Same input, same bytes.
"$converter" convert "$good" --out "$tmp/a" --quiet && "$converter" convert "$good" --out "$tmp/b" --quiet
check "output is deterministic" diff -r "$tmp/a" "$tmp/b"
check "no CR in output" bash -c "! grep -rl \$'\\r' '$tmp/a'"
check "no absolute paths in output" bash -c "! grep -rl '$root' '$tmp/a'"

# Data changes: the default down() says so in a comment; --strict-down makes it throw, by name.
data="$root/fixtures/data/migrations"
"$converter" convert "$data" --out "$tmp/lossy" --quiet && "$converter" convert "$data" --out "$tmp/strict" --quiet --strict-down
seed=$(ls "$tmp/lossy" | grep seed_reference_data)
check "default down comments a data change" grep -q "// Lossy: the INSERT of up() changed data" "$tmp/lossy/$seed"
check "strict down throws with the migration name" \
  grep -Pzq "throw new Error\\(\\s*'migration 20230802100000_seed_reference_data cannot be undone" "$tmp/strict/$seed"
check "report counts data changes" node -e 'process.exit(require(process.argv[1]).summary.data_changes > 0 ? 0 : 1)' "$tmp/lossy/conversion-report.json"

# An enum value used in the file that adds it: warned, and the Sequelize migration commits in between.
"$converter" convert "$root/fixtures/errors/unsafe-enum-value/migrations" --out "$tmp/enum" 2>"$tmp/enum.err"; rc=$?
check "enum value used in the same file converts" test "$rc" -eq 0
check "enum value used in the same file is warned with its location" \
  grep -q 'migration.sql:[0-9]*:[0-9]*: warning: enum value .* is used later in this file' "$tmp/enum.err"
check "the migration is split after ADD VALUE" grep -rq "New transaction: the enum value added above is used below" "$tmp/enum"

# --check: clean after a conversion, exit 1 after a hand edit, and it writes nothing.
"$converter" convert "$good" --out "$tmp/a" --check 2>/dev/null
check "--check passes on fresh output" test $? -eq 0
first=$(ls "$tmp/a"/*.js | head -1)
echo "// edited" >>"$first"
"$converter" convert "$good" --out "$tmp/a" --check 2>"$tmp/check.err"; rc=$?
check "--check fails after an edit" test "$rc" -eq 1
check "--check names the file" grep -q "$(basename "$first"): differs" "$tmp/check.err"
check "--check leaves the edit alone" grep -q "// edited" "$first"

# Skipped entries are reported.
"$converter" convert "$root/fixtures/odd-names/migrations" --out "$tmp/odd" 2>"$tmp/odd.err"; rc=$?
check "odd names convert" test "$rc" -eq 0
check "loose entries are reported as skipped" grep -q 'skipped-entry' "$tmp/odd.err"
check "skipped entries are in the report" grep -q '"history_warnings"' "$tmp/odd/conversion-report.json"
check "no absolute paths in the report" bash -c "! grep -rl '$root' '$tmp/odd'"

# Expected diagnostics written inline in fixtures (`-- expect-warning: CODE` on the offending line),
# as Clang's -verify: the converter reports that code at that line.
for sql in "$root"/fixtures/*/migrations/*/migration.sql "$root"/fixtures/errors/*/migrations/*/migration.sql; do
  grep -n 'expect-warning: ' "$sql" >/dev/null 2>&1 || continue
  history=$(dirname "$(dirname "$sql")")
  "$converter" convert "$history" --out "$tmp/verify" 2>"$tmp/verify.err" >/dev/null; rm -rf "$tmp/verify"
  while IFS=: read -r line rest; do
    code=${rest##*expect-warning: }
    folder=$(basename "$(dirname "$sql")")
    check "expected $code at $folder:$line" grep -q "$folder/migration.sql:$line:[0-9]*: warning: .*\[$code\]" "$tmp/verify.err"
  done < <(grep -n 'expect-warning: ' "$sql")
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
