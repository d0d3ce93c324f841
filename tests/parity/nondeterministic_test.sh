#!/usr/bin/env bash
# Data migrations that write values PostgreSQL makes up (random(), gen_random_uuid(), clock_timestamp()
# in a DO block): the tables they write are compared by row count and the output says so; two runs
# agree line for line; a wrong row count, a wrong deterministic row in the same migration and a
# schema difference are still mismatches. History: tests/parity/nondeterministic/prisma, converted.
# Environment: PRISMA2SEQUELIZE  the converter (default: <repo>/build/prisma2sequelize)
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
converter=${PRISMA2SEQUELIZE:-$root/build/prisma2sequelize}
parity="$root/scripts/parity"
prisma="$here/nondeterministic/prisma"

if [ ! -x "$converter" ]; then
  echo "nondeterministic_test: converter not found at $converter (build it, or set PRISMA2SEQUELIZE)" >&2
  exit 2
fi
work=$(mktemp -d /tmp/parity-nondet-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$converter" convert "$prisma" --out "$work/seq" --quiet || exit 2

passed=0
failed=0
ok() { echo "ok $1"; passed=$((passed + 1)); }
bad() {
  echo "FAIL $1"
  shift
  printf '  %s\n' "$@"
  failed=$((failed + 1))
}

# check NAME EXPECTED_EXIT SEQ_DIR -- EXPECTED_LINE...
check() {
  local name=$1 want=$2 seq=$3
  shift 4
  local log="$work/$name.log" problems=()
  "$parity" "$prisma" "$seq" --no-progress --json "$work/$name.json" >"$log" 2>&1
  local rc=$?
  [ "$rc" -eq "$want" ] || problems+=("exit status $rc, expected $want")
  for line in "$@"; do grep -qF -- "$line" "$log" || problems+=("missing: $line"); done
  if [ "${#problems[@]}" -eq 0 ]; then
    ok "$name"
  else
    bad "$name" "${problems[@]}"
    sed 's/^/  | /' "$log"
  fi
}

notes=(
  'note: 20240302000000_fill: compared by row count: nondeterministic data (random() at migration.sql:2, gen_random_uuid() at migration.sql:3): table "Code", table "Token"'
  'note: 20240303000000_audit: compared by row count: nondeterministic data (clock_timestamp() at migration.sql:9): table "Audit"'
)
check run1 0 "$work/seq" -- "${notes[@]}" 'parity: 4 migrations, 16 comparisons: 16 matched, 0 mismatched, 0 skipped'
check run2 0 "$work/seq" -- "${notes[@]}" 'parity: 4 migrations, 16 comparisons: 16 matched, 0 mismatched, 0 skipped'
strip() { sed -E 's/\([0-9]+\.[0-9]+s\)//' "$1"; }
json() { node -e 'const r = require(process.argv[1]); delete r.seconds; console.log(JSON.stringify(r, null, 1))' "$1"; }
if diff <(strip "$work/run1.log") <(strip "$work/run2.log") >/dev/null && diff <(json "$work/run1.json") <(json "$work/run2.json") >/dev/null; then
  ok repeated-runs-agree
else
  bad repeated-runs-agree "$(diff <(json "$work/run1.json") <(json "$work/run2.json") | head -20)"
fi
# The comparisons after 20240302000000_fill name the tables they looked at by row count only;
# "Country" (written by the same migration, deterministically) is not one of them.
if node -e 'const r = require(process.argv[1]);
    const c = r.comparisons.find((x) => x.migration === "20240304000000_seed" && x.phase === "up");
    process.exit(c && c.countOnly.join() === "table \"Audit\",table \"Code\",table \"Token\"" ? 0 : 1)' "$work/run1.json"; then
  ok json-count-only
else
  bad json-count-only "the --json report does not list the row-count tables of 20240304000000_seed [up]"
fi

# overlay NAME SED_SCRIPT: the converted folder with the fill migration's file edited.
overlay() {
  cp -r "$work/seq" "$work/$1"
  sed -i "$2" "$work/$1/20240302000000-fill.js"
  printf '%s\n' "$work/$1"
}

check wrong-count 1 "$(overlay wrong-count 's/generate_series(1, 5)/generate_series(1, 6)/')" -- \
  'MISMATCH 20240302000000_fill [up] (prisma != sequelize), 1 difference:' \
  'table "Token" data: 5 rows (compared by row count) != 6 rows (compared by row count)'
check wrong-deterministic-row 1 "$(overlay wrong-row "s/'Germany'/'Germania'/")" -- \
  'MISMATCH 20240302000000_fill [up] (prisma != sequelize), 1 difference:' \
  'table "Country" data: 2 rows, md5 '
# The DROP NOT NULL goes first in fill's up() (the first transaction callback of the file; Token
# exists since init), so it does not depend on how emit lays out the other calls.
check wrong-schema 1 "$(overlay wrong-schema '0,/transaction(async (transaction) => {/s//&\n      await queryInterface.sequelize.query('"'"'ALTER TABLE "Token" ALTER COLUMN "value" DROP NOT NULL'"'"', { transaction });/')" -- \
  'MISMATCH 20240302000000_fill [up] (prisma != sequelize), 1 difference:' \
  'table "Token" column "value" not null: true != false'

echo "nondeterministic: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
