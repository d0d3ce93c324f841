#!/usr/bin/env bash
# scripts/cutover takes the order of the migrations from the live database (README, "Migration
# order"): on a database that Prisma 6.6 or newer migrated (localeCompare order, read back from
# started_at in _prisma_migrations), a conversion made with --order bytes is refused, naming the
# pair and the --order that matches, and nothing is changed; the --order locale conversion passes.
# The history is made here: two independent migrations the two rules order differently, so that
# both conversions exist and the drift check passes either way.
# Environment: PRISMA2SEQUELIZE  the converter (default: <repo>/build/prisma2sequelize)
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
converter=${PRISMA2SEQUELIZE:-$root/build/prisma2sequelize}
cutover="$root/scripts/cutover"

pg_cluster_tag=order_cutover_test
# shellcheck source=../../scripts/lib/pg-cluster.sh
. "$root/scripts/lib/pg-cluster.sh"

if [ ! -x "$converter" ]; then
  echo "order_cutover_test: converter not found at $converter (build it, or set PRISMA2SEQUELIZE)" >&2
  exit 2
fi
ensure_tools
ensure_node_modules

work=$(mktemp -d /tmp/order-cutover-test.XXXXXX)
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

# The history: by bytes 20240501000000_b runs first, by localeCompare 20240501_a does.
h="$work/migrations"
mkdir -p "$h/20240501_a" "$h/20240501000000_b" "$h/20240502000000_c"
cp "$root/fixtures/order-locale/migrations/migration_lock.toml" "$h/"
printf 'CREATE TABLE "A" ("id" SERIAL NOT NULL, CONSTRAINT "A_pkey" PRIMARY KEY ("id"));\n' >"$h/20240501_a/migration.sql"
printf 'CREATE TABLE "B" ("id" SERIAL NOT NULL, CONSTRAINT "B_pkey" PRIMARY KEY ("id"));\n' >"$h/20240501000000_b/migration.sql"
printf 'ALTER TABLE "A" ADD COLUMN "note" TEXT;\n' >"$h/20240502000000_c/migration.sql"

pg_cluster_start order-live
sock=$pg_cluster_dir
psql=(env PGOPTIONS="-c client_min_messages=error" "$pgbin/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$sock" -U postgres)
url() { printf 'postgresql://postgres@/%s?host=%s' "$1" "$sock"; }
q() { "${psql[@]}" -d "$1" -c "$2"; }

# Migrated as Prisma 6.6 does: rows written in localeCompare order, each started after the last.
q postgres 'CREATE DATABASE live' || exit 2
q live 'CREATE TABLE "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)' || exit 2
for name in 20240501_a 20240501000000_b 20240502000000_c; do
  sql="$h/$name/migration.sql"
  id=$(cat /proc/sys/kernel/random/uuid)
  q live "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at)
          VALUES ('$id', '$(sha256sum "$sql" | cut -d' ' -f1)', '$name', clock_timestamp())" || exit 2
  q live "$(cat "$sql")" || exit 2
  q live "UPDATE _prisma_migrations SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = '$id'" || exit 2
done

for order in bytes locale; do
  "$converter" convert "$h" --out "$work/$order" --order "$order" --quiet || { echo "convert --order $order failed" >&2; exit 2; }
done

dump() { "$pgbin/pg_dump" -h "$sock" -U postgres --no-owner live | grep -vE '^\\(un)?restrict '; }
dump >"$work/before.sql"

# The byte-order conversion: refused, with the pair and the remedy; nothing changed.
"$cutover" "$h" "$work/bytes" --database "$(url live)" --apply >"$work/bytes.log" 2>&1
rc=$?
want='Prisma applied "20240501_a"'
remedy='but the converted migrations (--order bytes) run "20240501000000_b" first; convert again with --order locale'
if [ "$rc" -eq 1 ] && grep -qF "$want" "$work/bytes.log" && grep -qF "$remedy" "$work/bytes.log"; then
  ok "refused: $(grep -F "$want" "$work/bytes.log" | head -n1 | cut -c1-160)"
else
  bad "bytes conversion refused" "exit $rc (want 1)" "$(sed 's/^/  | /' "$work/bytes.log")"
fi
dump >"$work/after.sql"
if cmp -s "$work/before.sql" "$work/after.sql"; then ok "refusal changed nothing"; else bad "refusal changed nothing" "$(diff "$work/before.sql" "$work/after.sql" | head)"; fi

# The localeCompare conversion: every check passes (dry run).
"$cutover" "$h" "$work/locale" --database "$(url live)" >"$work/locale.log" 2>&1
rc=$?
if [ "$rc" -eq 0 ] && grep -qF 'all checks passed' "$work/locale.log"; then
  ok "locale conversion accepted: $(tail -n1 "$work/locale.log" | cut -c1-120)"
else
  bad "locale conversion accepted" "exit $rc (want 0)" "$(sed 's/^/  | /' "$work/locale.log")"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
