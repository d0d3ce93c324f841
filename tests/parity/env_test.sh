#!/usr/bin/env bash
# The user's environment must not matter: scripts/parity and scripts/cutover run with each of the
# libpq variables, DATABASE_URL and the locale set to a hostile value (parity: one at a time, then
# all at once; cutover: all at once, dry run and --apply) and must give the same result, line for
# line (timings aside), as with a clean environment.
# History: tests/parity/negative (prisma + good, hand-written, 3 migrations; no converter needed).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
parity="$root/scripts/parity"
cutover="$root/scripts/cutover"
prisma="$here/negative/prisma"
seq="$here/negative/good"

# Each of these, set alone, used to steer (or break) the throwaway cluster or one of its clients.
hostile=(
  'PGPORT=1'
  'PGHOST=/nonexistent-socket-dir'
  'PGHOSTADDR=192.0.2.1'
  'PGDATABASE=no_such_database'
  'PGUSER=no_such_user'
  'PGPASSWORD=wrong-password'
  'PGOPTIONS=-c search_path=nowhere -c statement_timeout=1'
  'PGSSLMODE=require'
  'PGTZ=America/New_York'
  'PGCLIENTENCODING=LATIN1'
  'PGDATA=/nonexistent-data-dir'
  'DATABASE_URL=postgresql://no_such_user:wrong@192.0.2.1:1/no_such_database'
  'LANG=tr_TR.UTF-8'
  'LC_ALL=xx_XX.bogus'
)

pg_cluster_tag=env_test
# shellcheck source=../../scripts/lib/pg-cluster.sh
. "$root/scripts/lib/pg-cluster.sh"
ensure_tools
ensure_node_modules

work=$(mktemp -d /tmp/parity-env-test.XXXXXX)
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

# Output without what differs between any two runs: timings and temp paths. bash itself warns about
# an unknown LC_ALL when it starts, before any line of our scripts runs; that line is left out.
normalize() {
  sed -E '/^bash: warning: setlocale: /d; s/[0-9]+\.[0-9]+s\)/Ts)/g; s#/tmp/[A-Za-z_.-]+\.[A-Za-z0-9]{6}#/tmp/X#g' "$1"
}

# run_env NAME EXPECTED_LOG [VAR=VALUE...] -- COMMAND...: COMMAND with the variables set must exit
# as the clean run did and print the same lines.
run_env() {
  local name=$1 want=$2
  shift 2
  local vars=()
  while [ "$1" != "--" ]; do vars+=("$1"); shift; done
  shift
  local log="$work/$name.log"
  env "${vars[@]}" "$@" >"$log" 2>&1
  local rc=$?
  if [ "$rc" -eq "$(cat "$want.rc")" ] && diff <(normalize "$want") <(normalize "$log") >"$work/$name.diff"; then
    ok "$name"
  else
    bad "$name" "exit status $rc (clean run: $(cat "$want.rc")); differences from the clean run:"
    sed 's/^/  | /' "$work/$name.diff"
  fi
}

# --- scripts/parity ------------------------------------------------------------------------------
clean="$work/parity-clean.log"
"$parity" "$prisma" "$seq" --no-progress >"$clean" 2>&1
echo $? >"$clean.rc"
if [ "$(cat "$clean.rc")" -eq 0 ] && tail -n1 "$clean" | grep -q '13 matched, 0 mismatched'; then
  ok "parity-clean: $(tail -n1 "$clean")"
else
  bad parity-clean "the clean run did not pass:" "$(cat "$clean")"
fi
for v in "${hostile[@]}"; do
  run_env "parity ${v%%=*}" "$clean" "$v" -- "$parity" "$prisma" "$seq" --no-progress
done
run_env 'parity all-at-once' "$clean" "${hostile[@]}" -- "$parity" "$prisma" "$seq" --no-progress

# --- scripts/cutover (dry run, then --apply) on a live database migrated Prisma-style ------------
pg_cluster_start env-test-live
sock=$pg_cluster_dir
q() { "$pgbin/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$sock" -p 5432 -U postgres -d "$1" -c "$2"; }
q postgres 'CREATE DATABASE live' >/dev/null || exit 2
q live 'CREATE TABLE "_prisma_migrations" ("id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ, "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)' || exit 2
for dir in "$prisma"/*/; do
  name=$(basename "$dir")
  q live "$(cat "$dir/migration.sql")" >/dev/null || exit 2
  q live "INSERT INTO _prisma_migrations (id, checksum, migration_name, finished_at, applied_steps_count)
    VALUES ('$name', '$(sha256sum "$dir/migration.sql" | cut -d' ' -f1)', '$name', now(), 1)" || exit 2
done
for copy in live_clean live_hostile; do q postgres "CREATE DATABASE $copy TEMPLATE live" || exit 2; done
url() { printf 'postgresql://postgres@/%s?host=%s' "$1" "$sock"; }

clean="$work/cutover-clean.log"
"$cutover" "$prisma" "$seq" --database "$(url live)" >"$clean" 2>&1
echo $? >"$clean.rc"
if [ "$(cat "$clean.rc")" -eq 0 ] && tail -n1 "$clean" | grep -q 'dry run, nothing changed'; then ok cutover-clean; else bad cutover-clean "$(cat "$clean")"; fi
# (cutover goes through the same scrubbing as parity: scripts/lib/pg-cluster.sh, clean-env.js.)
run_env 'cutover all-at-once' "$clean" "${hostile[@]}" -- "$cutover" "$prisma" "$seq" --database "$(url live)"

# --apply: the same rows with and without the hostile environment.
clean="$work/apply-clean.log"
"$cutover" "$prisma" "$seq" --database "$(url live_clean)" --apply >"$clean" 2>&1
echo $? >"$clean.rc"
sed -i 's/live_clean/live_DB/' "$clean"
run_env 'cutover --apply all-at-once' "$clean" "${hostile[@]}" -- \
  bash -c '"$@" | sed "s/live_hostile/live_DB/"; exit "${PIPESTATUS[0]}"' _ "$cutover" "$prisma" "$seq" --database "$(url live_hostile)" --apply
rows_clean=$(q live_clean 'SELECT name FROM "SequelizeMeta" ORDER BY name')
rows_hostile=$(q live_hostile 'SELECT name FROM "SequelizeMeta" ORDER BY name')
if [ -n "$rows_clean" ] && [ "$rows_clean" = "$rows_hostile" ]; then
  ok 'cutover --apply rows'
else
  bad 'cutover --apply rows' "clean: $rows_clean" "hostile: $rows_hostile"
fi

echo "env: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
