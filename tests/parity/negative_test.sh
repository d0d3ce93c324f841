#!/usr/bin/env bash
# The harness must catch a wrong translation: runs scripts/parity on a hand-written Prisma history
# with a correct Sequelize translation (must pass) and with deliberately wrong ones (must fail with
# the expected message). The wrong ones are overlays: negative/good with some files replaced.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
parity="$here/../../scripts/parity"
neg="$here/negative"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

# overlay_on BASE NAME DIR...: BASE with the files of each DIR copied over it.
overlay_on() {
  local base=$1 out="$tmp/$2"
  shift 2
  cp -r "$base" "$out"
  for dir in "$@"; do cp "$dir"/* "$out/"; done
  printf '%s\n' "$out"
}

# overlay NAME DIR...: negative/good with the files of each DIR copied over it.
overlay() {
  overlay_on "$neg/good" "$@"
}

# check NAME EXPECTED_EXIT PRISMA_DIR SEQUELIZE_DIR [parity options] -- EXPECTED_LINE...
check() {
  local name=$1 want=$2 prisma=$3 seq=$4
  shift 4
  local opts=()
  while [ "$1" != "--" ]; do opts+=("$1"); shift; done
  shift
  local log="$tmp/$name.log" problems=()
  "$parity" "$prisma" "$seq" --no-progress "${opts[@]}" >"$log" 2>&1
  local rc=$?
  [ "$rc" -eq "$want" ] || problems+=("exit status $rc, expected $want")
  for line in "$@"; do
    grep -qF -- "$line" "$log" || problems+=("missing: $line")
  done
  if [ "${#problems[@]}" -eq 0 ]; then
    echo "ok $name"
    passed=$((passed + 1))
  else
    echo "FAIL $name"
    printf '  %s\n' "${problems[@]}"
    sed 's/^/  | /' "$log"
    failed=$((failed + 1))
  fi
}

# The lossy migration's re-up runs on the downed database (the lowercased e-mails stay) and is
# compared by schema only.
check good 0 "$neg/prisma" "$neg/good" -- \
  'note: 20240103000000_lowercase_emails: conversion report says lossy: data after down() not compared' \
  'note: 20240103000000_lowercase_emails: lossy down: data after re-up not compared, schema is' \
  'parity: 3 migrations, 13 comparisons: 13 matched, 0 mismatched, 0 skipped'

check wrong-date 1 "$neg/prisma" "$(overlay wrong-date "$neg/wrong-date")" --json "$tmp/wrong-date.json" -- \
  'MISMATCH 20240101000000_init [up] (prisma != sequelize), 1 difference:' \
  'table "User" column "createdAt": timestamp(3) without time zone != timestamp with time zone' \
  'MISMATCH [cli db:migrate] (prisma != sequelize-cli)'
if node -e 'const r = require(process.argv[1]); process.exit(!r.ok && r.counts.mismatched > 0 &&
    r.comparisons.some((c) => c.phase === "up" && c.status === "mismatched") ? 0 : 1)' "$tmp/wrong-date.json"; then
  echo "ok wrong-date-json"
  passed=$((passed + 1))
else
  echo "FAIL wrong-date-json: --json report does not record the mismatch"
  failed=$((failed + 1))
fi

check wrong-down 1 "$neg/prisma" "$(overlay wrong-down "$neg/wrong-down")" -- \
  'MISMATCH 20240101000000_init [down] (before up != after down), 1 difference:' \
  "enum \"Role\": <absent> != 'USER', 'ADMIN'" \
  'MISMATCH [cli db:migrate:undo:all] (fresh database != after db:migrate:undo:all)'

# A wrong value in up()'s data, after a down()/up() cycle: looked at again on the ups replayed on a
# fresh database (sequelize-side.js, compareUp), where it differs as well, so it still fails.
check wrong-data 1 "$neg/prisma" "$(overlay wrong-data "$neg/wrong-data")" -- \
  'note: 20240102000000_add_posts: up(): table "User" data differed after the down()/up() cycles before it; also on the ups replayed on a fresh database' \
  'MISMATCH 20240102000000_add_posts [up] (prisma != sequelize), 1 difference:' \
  'table "User" data: 1 rows, md5 '

# A statement outside the migration's transaction waits on that transaction's lock: the harness
# must turn that into a failure (lock_timeout), not hang.
check wrong-tx 1 "$neg/prisma" "$(overlay wrong-tx "$neg/wrong-tx")" --lock-timeout 1 -- \
  'MISMATCH 20240103000000_lowercase_emails [up]: up() failed: 55P03 canceling statement due to lock timeout' \
  'MISMATCH [cli db:migrate]: db:migrate exited with 1'

# Without the report, the lossy migration counts as exact: the data fingerprint must catch it.
no_report=$(overlay no-report) && rm "$no_report/conversion-report.json"
check no-report 1 "$neg/prisma" "$no_report" -- \
  'no conversion-report.json: every migration is treated as "exact"' \
  'MISMATCH 20240103000000_lowercase_emails [down] (before up != after down), 1 difference:' \
  'table "User" data: 1 rows, md5 '

missing=$(overlay missing-file) && rm "$missing/20240102000000-add_posts.js"
check missing-file 1 "$neg/prisma" "$missing" -- \
  'MISMATCH [history]: 20240102000000_add_posts: 20240102000000-add_posts.js is not in'

# PostgreSQL itself rejects the third Prisma migration; the irreversible second one is skipped.
check stop 0 "$neg/stop/prisma" "$neg/stop/sequelize" -- \
  'PostgreSQL itself stopped here on the Prisma side: 42703 column "sku" does not exist' \
  'skipped: 20240102000000_drop_name [down]: conversion report says irreversible' \
  'parity: 4 migrations (PostgreSQL stopped at 20240103000000_broken_index), 11 comparisons: 7 matched, 0 mismatched, 4 skipped'

# Seed rows (INSERT into a table with a primary key) that down() leaves in place, "lossy" in the
# report: up() again fails on the primary key, so re-up is skipped with that error, and the run goes
# on from the state after the first up() (the last migration needs the column the lossy one added).
dup='lossy down: re-up failed on the rows the down could not remove: 23505 duplicate key value violates unique constraint "Country_pkey"'
check seed 0 "$neg/seed/prisma" "$neg/seed/sequelize" --json "$tmp/seed.json" -- \
  "skipped: 20240202000000_seed_countries [re-up]: $dup in: INSERT INTO \"Country\"" \
  "skipped: 20240203000000_eu_members [re-up]: $dup in: INSERT INTO \"Country\" (\"code\", \"name\") VALUES ('NO', 'Norway')" \
  'note: undo-all: data not compared, schema is (lossy down: 20240202000000_seed_countries, 20240203000000_eu_members)' \
  'parity: 4 migrations, 16 comparisons: 14 matched, 0 mismatched, 2 skipped'
if node -e 'const r = require(process.argv[1]);
    const reup = r.comparisons.filter((c) => c.phase === "re-up" && c.status === "skipped").map((c) => c.migration);
    process.exit(r.ok && r.counts.skipped === 2 && reup.join() === "20240202000000_seed_countries,20240203000000_eu_members" ? 0 : 1)' \
    "$tmp/seed.json"; then
  echo "ok seed-json"
  passed=$((passed + 1))
else
  echo "FAIL seed-json: --json report does not record the two skipped re-ups"
  failed=$((failed + 1))
fi
# The failed re-up is a skip with the exact error as its reason, not a mismatch, in the report too.
if node -e 'const r = require(process.argv[1]);
    const c = r.comparisons.find((x) => x.migration === "20240202000000_seed_countries" && x.phase === "re-up");
    process.exit(c && c.status === "skipped" && !c.error && c.skipped.startsWith(process.argv[2]) ? 0 : 1)' \
    "$tmp/seed.json" "$dup"; then
  echo "ok seed-reup-23505"
  passed=$((passed + 1))
else
  echo "FAIL seed-reup-23505: the re-up of 20240202000000_seed_countries is not skipped with the 23505 error"
  failed=$((failed + 1))
fi

# Lossy is about data only: a down() that forgets to drop the column its up() added must still fail.
check seed-forgot-column 1 "$neg/seed/prisma" "$(overlay_on "$neg/seed/sequelize" seed-forgot-column "$neg/seed/forgot-column")" -- \
  'MISMATCH 20240203000000_eu_members [down] (before up != after down), 3 differences:' \
  'table "Country" column "euMember": <absent> != boolean' \
  'parity: 4 migrations, 16 comparisons: 13 matched, 1 mismatched, 2 skipped'

# A view joined with USING after its merged column was renamed, and a column re-added last by down():
# PostgreSQL prints the column alias list in the new column order, which the down comparison (column
# order not compared) takes as a set; what each view column reads is compared, so a list that names
# the columns in the wrong places fails.
check view-alias 0 "$neg/view-alias/prisma" "$neg/view-alias/good" -- \
  'parity: 2 migrations, 10 comparisons: 10 matched, 0 mismatched, 0 skipped'
check view-alias-wrong 1 "$neg/view-alias/prisma" "$(overlay_on "$neg/view-alias/good" view-alias-wrong "$neg/view-alias/wrong")" -- \
  'MISMATCH 20240102000000_drop_color [down] (before up != after down), 1 difference:' \
  'view "CrateLids" reads: color <- "Crate".color, id <- "Crate"."crateId", shape <- "Lid".shape, weight <- "Crate".weight != color <- "Crate".weight, id <- "Crate"."crateId", shape <- "Lid".shape, weight <- "Crate".color'

# Privileges: a fourth migration grants SELECT on "User" to PUBLIC (negative/grant, over negative/prisma
# and negative/good). down() must revoke it: the snapshot compares ACLs that differ from the default.
grant_prisma="$tmp/grant-prisma"
cp -r "$neg/prisma" "$grant_prisma" && cp -r "$neg/grant/prisma"/* "$grant_prisma/"
grant_good=$(overlay grant "$neg/grant/good")
check grant 0 "$grant_prisma" "$grant_good" -- \
  'parity: 4 migrations, 16 comparisons: 16 matched, 0 mismatched, 0 skipped'
check grant-no-revoke 1 "$grant_prisma" "$(overlay_on "$grant_good" grant-no-revoke "$neg/grant/wrong")" -- \
  'MISMATCH 20240104000000_grant_select [down] (before up != after down), 1 difference:' \
  'table "User" privileges: <absent> != PUBLIC:SELECT, owner:DELETE, owner:INSERT, owner:REFERENCES, owner:SELECT, owner:TRIGGER, owner:TRUNCATE, owner:UPDATE' \
  'parity: 4 migrations, 16 comparisons: 15 matched, 1 mismatched, 0 skipped'

echo "negative: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
