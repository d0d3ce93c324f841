#!/usr/bin/env bash
# scripts/cutover on a "live" database: a throwaway cluster migrated Prisma-style with
# fixtures/school-health/migrations, with the _prisma_migrations rows Prisma would have written.
# Checks: dry run changes nothing; --apply fills "SequelizeMeta" (as sequelize-cli 6 creates it) and
# sequelize-cli then sees every file as up; a hand-made column, an edited migration.sql, foreign or
# partial SequelizeMeta rows, a cutover holding the advisory lock and usage errors are refused
# without changing anything; two cutovers at once write the rows exactly once.
# Environment: PRISMA2SEQUELIZE  the converter (default: <repo>/build/prisma2sequelize)
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
converter=${PRISMA2SEQUELIZE:-$root/build/prisma2sequelize}
cutover="$root/scripts/cutover"
fixture="$root/fixtures/school-health/migrations"

pg_cluster_tag=cutover_test
# shellcheck source=../../scripts/lib/pg-cluster.sh
. "$root/scripts/lib/pg-cluster.sh"

if [ ! -x "$converter" ]; then
  echo "cutover_test: converter not found at $converter (build it, or set PRISMA2SEQUELIZE)" >&2
  exit 2
fi
ensure_tools
ensure_node_modules

work=$(mktemp -d /tmp/cutover-test.XXXXXX)
cleanup() {
  trap - EXIT INT TERM
  pg_cluster_stop
  rm -rf "$work"
}
trap 'rc=$?; cleanup; exit $rc' EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

passed=0
failed=0
ok() { echo "ok $1"; passed=$((passed + 1)); }
bad() {
  echo "FAIL $1"
  shift
  printf '  %s\n' "$@"
  failed=$((failed + 1))
}

# The "live" server.
pg_cluster_start cutover-live
sock=$pg_cluster_dir
psql=(env PGOPTIONS="-c client_min_messages=error" "$pgbin/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$sock" -U postgres)
url() { printf 'postgresql://postgres@/%s?host=%s' "$1" "$sock"; }
q() { "${psql[@]}" -d "$1" -c "$2"; }

# --- the live database, migrated the way `prisma migrate deploy` does it ---------------------
q postgres 'CREATE DATABASE school' || exit 2
q school 'CREATE TABLE "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)' || exit 2
t0=$SECONDS
count=0
while IFS= read -r name; do
  sql="$fixture/$name/migration.sql"
  id=$(cat /proc/sys/kernel/random/uuid)
  sum=$(sha256sum "$sql" | cut -d' ' -f1)
  # Prisma writes the row, runs the whole file as one simple-protocol query (psql -c does the
  # same: one PQexec), then marks the row finished.
  q school "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at) VALUES ('$id', '$sum', '$name', now())" || exit 2
  if ! q school "$(cat "$sql")"; then
    echo "cutover_test: $name does not apply" >&2
    exit 2
  fi
  q school "UPDATE _prisma_migrations SET finished_at = now(), applied_steps_count = 1 WHERE id = '$id'" || exit 2
  count=$((count + 1))
done < <(cd "$fixture" && for d in */; do [ -f "$d/migration.sql" ] && printf '%s\n' "${d%/}"; done | LC_ALL=C sort)
echo "cutover_test: live database: $count Prisma migrations applied ($((SECONDS - t0))s)"

seq="$work/seq"
# school-health runs in byte order (fixtures/school-health/prisma-order), as the rows above were written.
"$converter" convert "$fixture" --out "$seq" --order bytes >"$work/convert.log" 2>&1 || { cat "$work/convert.log"; exit 2; }
files=$(node -e 'for (const m of require(process.argv[1]).migrations) console.log(m.file)' "$seq/conversion-report.json")
nfiles=$(printf '%s\n' "$files" | wc -l)

# Copies for the refusals, taken before anything is applied.
for copy in drifted edited alien prefix locked race; do q postgres "CREATE DATABASE $copy TEMPLATE school" || exit 2; done

# (pg_dump's \restrict lines carry a random key per run.)
dump() { "$pgbin/pg_dump" -h "$sock" -U postgres --no-owner "$@" | grep -vE '^\\(un)?restrict '; }
meta_exists() { q "$1" "SELECT to_regclass('\"SequelizeMeta\"') IS NOT NULL"; }

# run NAME EXPECTED_EXIT DB [cutover args...] -- EXPECTED_LINE...: runs cutover on DB, checks the
# exit status, that each line occurs in the output, and that the last line is the summary.
run() {
  local name=$1 want=$2 db=$3
  shift 3
  local args=()
  while [ "$1" != "--" ]; do args+=("$1"); shift; done
  shift
  local log="$work/$name.log" problems=() start=$SECONDS
  "$cutover" "${args[@]}" --database "$(url "$db")" >"$log" 2>&1
  local rc=$?
  [ "$rc" -eq "$want" ] || problems+=("exit status $rc, expected $want")
  for line in "$@"; do grep -qF -- "$line" "$log" || problems+=("missing: $line"); done
  tail -n1 "$log" | grep -q '^cutover: ' || problems+=("last line is not the summary")
  if [ "${#problems[@]}" -eq 0 ]; then
    ok "$name ($((SECONDS - start))s): $(tail -n1 "$log")"
  else
    bad "$name" "${problems[@]}"
    sed 's/^/  | /' "$log"
  fi
}

# (a) dry run: exit 0, lists the rows, changes nothing.
dump school >"$work/before.sql"
run dry-run 0 school "$fixture" "$seq" -- \
  "_prisma_migrations: all $count Prisma migrations applied exactly once, checksums match" \
  'drift: none' \
  "  + $(printf '%s\n' "$files" | head -n1)" \
  "  + $(printf '%s\n' "$files" | tail -n1)" \
  '_prisma_migrations is left as it is' \
  "dry run, nothing changed: --apply would insert $nfiles rows into \"SequelizeMeta\" (new table)"
dump school >"$work/after-dry.sql"
if cmp -s "$work/before.sql" "$work/after-dry.sql" && [ "$(meta_exists school)" = f ]; then
  ok dry-run-unchanged
else
  bad dry-run-unchanged "the dry run changed the database" "$(diff "$work/before.sql" "$work/after-dry.sql" | head -20)"
fi

# (b) --apply: SequelizeMeta holds exactly the converted files; _prisma_migrations untouched.
dump school -t _prisma_migrations >"$work/prisma-before.sql"
run apply 0 school "$fixture" "$seq" --apply --json "$work/apply.json" -- \
  "inserted $nfiles rows into \"SequelizeMeta\" (new table) in one transaction" \
  '_prisma_migrations is left as it is'
got=$(q school 'SELECT name FROM "SequelizeMeta" ORDER BY name')
if [ "$got" = "$files" ] && node -e 'const r = require(process.argv[1]); process.exit(r.ok && r.applied &&
    r.sequelizeMeta.inserted.length === Number(process.argv[2]) ? 0 : 1)' "$work/apply.json" "$nfiles"; then
  ok apply-rows
else
  bad apply-rows "SequelizeMeta rows:" "$got" "expected:" "$files"
fi
dump school -t _prisma_migrations >"$work/prisma-after.sql"
if cmp -s "$work/prisma-before.sql" "$work/prisma-after.sql"; then ok apply-prisma-table-untouched; else bad apply-prisma-table-untouched "_prisma_migrations changed"; fi

# The same table as sequelize-cli 6 makes: let it create one on an empty database and compare.
cfgdir="$work/cli"
mkdir -p "$cfgdir/empty-migrations"
cli_bin="$pg_cluster_harness/node_modules/sequelize-cli/lib/sequelize"
config() {
  node -e 'const [db, host] = process.argv.slice(1); console.log(JSON.stringify({ live: { username: "postgres", password: null,
    database: db, host, port: 5432, dialect: "postgres", logging: false } }))' "$1" "$sock" >"$cfgdir/$1.json"
}
cli() { # cli DB MIGRATIONS_DIR COMMAND
  (cd "$cfgdir" && node "$cli_bin" "$3" --env live --config "$cfgdir/$1.json" --migrations-path "$2" 2>&1)
}
q postgres 'CREATE DATABASE clionly' && config clionly && cli clionly "$cfgdir/empty-migrations" db:migrate:status >"$work/cli-empty.log"
meta_ddl() { dump "$1" -s -t '"SequelizeMeta"' | grep -v '^--' | grep -v '^$'; }
if [ -n "$(meta_ddl clionly)" ] && [ "$(meta_ddl school)" = "$(meta_ddl clionly)" ]; then
  ok apply-table-as-sequelize-cli
else
  bad apply-table-as-sequelize-cli "cutover's SequelizeMeta differs from sequelize-cli's" "$(diff <(meta_ddl clionly) <(meta_ddl school))"
fi

# (c) sequelize-cli: every file up; db:migrate runs nothing and changes nothing.
config school
status=$(cli school "$seq" db:migrate:status)
ups=$(printf '%s\n' "$status" | grep -cE '^up ' || true)
if [ "$ups" -eq "$nfiles" ] && ! printf '%s\n' "$status" | grep -qE '^down '; then
  ok "cli-status ($ups up)"
else
  bad cli-status "expected $nfiles files up, got:" "$status"
fi
dump school >"$work/before-migrate.sql"
migrate=$(cli school "$seq" db:migrate)
migrate_rc=$?
dump school >"$work/after-migrate.sql"
if [ "$migrate_rc" -eq 0 ] && printf '%s\n' "$migrate" | grep -qF 'No migrations were executed, database schema was already up to date.' &&
  cmp -s "$work/before-migrate.sql" "$work/after-migrate.sql"; then
  ok cli-migrate-nothing
else
  bad cli-migrate-nothing "db:migrate exited $migrate_rc:" "$migrate" "$(diff "$work/before-migrate.sql" "$work/after-migrate.sql" | head -20)"
fi

# Again with --apply: nothing left to insert.
run apply-again 0 school "$fixture" "$seq" --apply -- \
  "\"SequelizeMeta\" exists with $nfiles rows, exactly the converted files" \
  'inserted 0 rows into "SequelizeMeta" in one transaction'

# (d) a column added by hand: drift, exit 1, SequelizeMeta not created.
q drifted 'ALTER TABLE "Student" ADD COLUMN "nickname" TEXT'
run drift 1 drifted "$fixture" "$seq" --apply -- \
  'MISMATCH [drift] (Prisma history != live database), 3 differences:' \
  'table "Student" column "nickname": <absent> != text' \
  'table "Student" column "nickname" not null: <absent> != false' \
  'checks failed (drift: 3 differences); nothing changed'
[ "$(meta_exists drifted)" = f ] && ok drift-no-meta || bad drift-no-meta '"SequelizeMeta" was created on the drifted database'

# (e) a migration.sql edited after it was applied: checksum mismatch, exit 1.
cp -r "$fixture" "$work/prisma-edited"
edited=$(cd "$fixture" && for d in */; do [ -f "$d/migration.sql" ] && printf '%s\n' "${d%/}"; done | LC_ALL=C sort | sed -n 2p)
printf '\n-- edited after it was applied\n' >>"$work/prisma-edited/$edited/migration.sql"
run checksum 1 edited "$work/prisma-edited" "$seq" --apply -- \
  "MISMATCH $edited [_prisma_migrations]: modified after it was applied: checksum" \
  'checks failed (_prisma_migrations: 1 problem); nothing changed'
[ "$(meta_exists edited)" = f ] && ok checksum-no-meta || bad checksum-no-meta '"SequelizeMeta" was created on the database with the edited history'

# SequelizeMeta rows that are not exactly the converted files: refused, left as they are.
q alien 'CREATE TABLE "SequelizeMeta" ("name" VARCHAR(255) NOT NULL UNIQUE , PRIMARY KEY ("name"));
  INSERT INTO "SequelizeMeta" VALUES ('"'"'20230101000000-elsewhere.js'"'"')'
run foreign-meta 1 alien "$fixture" "$seq" --apply -- \
  "MISMATCH [SequelizeMeta]: \"SequelizeMeta\" already holds 1 rows that are not exactly the $nfiles converted files (rows for files not in this history: 20230101000000-elsewhere.js; converted files without a row: " \
  'refusing to add to it' 'nothing changed'
[ "$(q alien 'SELECT count(*) FROM "SequelizeMeta"')" = 1 ] && ok foreign-meta-unchanged || bad foreign-meta-unchanged '"SequelizeMeta" rows changed'

# Only some of the converted files (sequelize-cli run part way by hand): refused too.
first2=$(printf '%s\n' "$files" | head -n2)
q prefix 'CREATE TABLE "SequelizeMeta" ("name" VARCHAR(255) NOT NULL UNIQUE , PRIMARY KEY ("name"))'
printf '%s\n' "$first2" | while IFS= read -r f; do q prefix "INSERT INTO \"SequelizeMeta\" VALUES ('$f')"; done
run partial-meta 1 prefix "$fixture" "$seq" --apply -- \
  "MISMATCH [SequelizeMeta]: \"SequelizeMeta\" already holds 2 rows that are not exactly the $nfiles converted files (converted files without a row: $(printf '%s\n' "$files" | sed -n 3p)" \
  'nothing changed'
[ "$(q prefix 'SELECT name FROM "SequelizeMeta" ORDER BY name')" = "$first2" ] && ok partial-meta-unchanged || bad partial-meta-unchanged '"SequelizeMeta" rows changed'

# Another cutover holds the advisory lock (here a psql session takes it): refused, nothing written.
"$pgbin/psql" -X -q -At -h "$sock" -U postgres -d locked -c 'SELECT pg_advisory_lock(1882419059, 1)' -c 'SELECT pg_sleep(120)' \
  >/dev/null 2>&1 &
holder=$!
for _ in $(seq 100); do
  [ "$(q locked "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 1882419059 AND granted")" = 1 ] && break
  sleep 0.1
done
run locked 1 locked "$fixture" "$seq" --apply -- \
  'MISMATCH [lock]: another cutover is running against this database (advisory lock 1882419059, 1 held by pid ' \
  'checks failed (lock: 1 problem); nothing changed'
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
[ "$(meta_exists locked)" = f ] && ok locked-no-meta || bad locked-no-meta '"SequelizeMeta" was created while another cutover held the lock'

# Two cutovers --apply at once: one inserts every row, the other refuses on the lock (or, when it
# came after the first had finished, finds exactly the converted files and inserts nothing).
for i in 1 2; do
  "$cutover" "$fixture" "$seq" --apply --database "$(url race)" >"$work/race$i.log" 2>&1 &
  eval "race_pid$i=\$!"
done
wait "$race_pid1"; rc1=$?
wait "$race_pid2"; rc2=$?
inserted=$(cat "$work/race1.log" "$work/race2.log" | grep -c "inserted $nfiles rows into \"SequelizeMeta\" (new table) in one transaction")
refused=$(cat "$work/race1.log" "$work/race2.log" | grep -c 'checks failed (lock: 1 problem); nothing changed')
again=$(cat "$work/race1.log" "$work/race2.log" | grep -c 'inserted 0 rows into "SequelizeMeta" in one transaction')
rows=$(q race 'SELECT name FROM "SequelizeMeta" ORDER BY name')
if [ "$inserted" -eq 1 ] && [ $((refused + again)) -eq 1 ] && [ "$rows" = "$files" ] &&
  { { [ "$refused" -eq 1 ] && [ $((rc1 + rc2)) -eq 1 ]; } || { [ "$again" -eq 1 ] && [ $((rc1 + rc2)) -eq 0 ]; }; }; then
  ok "two-at-once (exit $rc1 and $rc2; $([ "$refused" -eq 1 ] && echo 'one refused on the lock' || echo 'they did not overlap'))"
else
  bad two-at-once "exit $rc1 and $rc2, $inserted inserted all, $refused refused, $again inserted none; rows:" "$rows" \
    "$(sed 's/^/  1| /' "$work/race1.log")" "$(sed 's/^/  2| /' "$work/race2.log")"
fi

# Usage and connection errors: exit 2.
run usage 2 school "$fixture" -- 'expected PRISMA_DIR and SEQ_DIR'
run no-such-db 2 nosuchdb "$fixture" "$seq" -- 'cutover: error: cannot connect to postgres@socket'

echo "cutover: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
