#!/usr/bin/env bash
# Package test, as a user: packs the npm tarball (npm/pack.sh), installs it into a scratch Node
# project holding fixtures/school-health/migrations as prisma/migrations (nothing global), and
# through npx runs init, convert, verify and docs; then, on a throwaway PostgreSQL 15 with
# DATABASE_URL set, `npx sequelize-cli db:migrate` and `db:migrate:undo:all` with only the
# generated .sequelizerc and config, checking the catalog after each; and checks `ldd` of the
# packed binary (no libpg_query, tree-sitter or other non-system library).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
pg_cluster_tag=package
# shellcheck source=../../scripts/lib/pg-cluster.sh
. "$root/scripts/lib/pg-cluster.sh"

tmp=$(mktemp -d /tmp/p2s-package.XXXXXX)
cleanup() {
  pg_cluster_stop
  rm -rf "$tmp"
}
trap cleanup EXIT
passed=0
failed=0
check() {
  local what=$1
  shift
  if "$@" >"$tmp/check.log" 2>&1; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $what" >&2
    tail -30 "$tmp/check.log" >&2
  fi
}

ensure_tools
tarball=$("$root/npm/pack.sh" "$tmp/dist")
echo "package: $(basename "$tarball") ($(du -k "$tarball" | cut -f1) KiB)" >&2

# The packed binary links no library beyond glibc, libstdc++ and libgcc.
mkdir -p "$tmp/unpacked"
tar -xzf "$tarball" -C "$tmp/unpacked"
bin=$tmp/unpacked/package/native/prisma2sequelize
ldd "$bin" >"$tmp/ldd.txt" 2>&1 || true
echo "package: ldd:" >&2
sed 's/^/  /' "$tmp/ldd.txt" >&2
check "ldd shows only system libraries" bash -c "! grep -v -E '^\s*(linux-vdso|libc\.so|libm\.so|libgcc_s\.so|libstdc\+\+\.so|/lib64/ld-linux|ld-linux)' '$tmp/ldd.txt' | grep -q ."
check "no libpg_query or tree-sitter in ldd" bash -c "! grep -E 'pg_query|tree-sitter|protobuf' '$tmp/ldd.txt'"

app=$tmp/app
mkdir -p "$app/prisma"
# school-health runs in byte order (Prisma 6.5 and older): convert, verify and docs say --order bytes.
cp -r "$root/fixtures/school-health/migrations" "$app/prisma/migrations"
(cd "$app" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error "$tarball" >&2)
cd "$app"

check "--help" npx --no-install prisma2sequelize --help
for c in convert verify cutover init docs; do check "$c --help" npx --no-install prisma2sequelize "$c" --help; done
check "init writes .sequelizerc and config/database.js" npx --no-install prisma2sequelize init
check ".sequelizerc points at db/migrations" grep -q "'db', 'migrations'" .sequelizerc
check "init leaves existing files alone" bash -c "npx --no-install prisma2sequelize init | grep -q 'left alone .*database.js'"
check "convert" npx --no-install prisma2sequelize convert prisma/migrations --out db/migrations --order bytes
check "convert wrote 9 migrations" test "$(ls db/migrations/*.js | wc -l)" -eq 9
check "verify" npx --no-install prisma2sequelize verify prisma/migrations db/migrations --order bytes
check "docs" npx --no-install prisma2sequelize docs prisma/migrations --order bytes
check "docs lists each migration" test "$(grep -c '^## ' MIGRATIONS.md)" -eq 9
check "docs finds dependencies" grep -q 'Depends on: `20240115093000_init`' MIGRATIONS.md
check "docs --json" bash -c "npx --no-install prisma2sequelize docs prisma/migrations --order bytes --json | node -e 'const j=JSON.parse(require(\"fs\").readFileSync(0,\"utf8\")); process.exit(j.migrations.length===9?0:1)'"

# sequelize-cli with only the generated .sequelizerc and config/database.js.
pg_cluster_start package
export DATABASE_URL="postgresql://postgres@localhost/postgres?host=$pg_cluster_dir"
psql_q() { "$pgbin/psql" -h "$pg_cluster_dir" -U postgres -d postgres -Atqc "$1"; }
check "sequelize-cli db:migrate" npx --no-install sequelize-cli db:migrate
check "every migration recorded" test "$(psql_q 'SELECT count(*) FROM "SequelizeMeta"')" -eq 9
tables=$(psql_q "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'SequelizeMeta'")
check "tables created ($tables)" test "$tables" -gt 5
check "enums created" test "$(psql_q "SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' AND t.typtype = 'e'")" -gt 0
check "sequelize-cli db:migrate:undo:all" npx --no-install sequelize-cli db:migrate:undo:all
check "nothing recorded after undo:all" test "$(psql_q 'SELECT count(*) FROM "SequelizeMeta"')" -eq 0
check "no table left but SequelizeMeta" test "$(psql_q "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname <> 'SequelizeMeta' AND c.relname <> 'SequelizeMeta_pkey'")" -eq 0
check "no type left" test "$(psql_q "SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' AND t.typtype IN ('e', 'c', 'd') AND t.typname NOT LIKE '%SequelizeMeta%'")" -eq 0

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
