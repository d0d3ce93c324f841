# Shared by scripts/parity, scripts/cutover and the parity tests (sourced, not run):
# installs what is missing (PostgreSQL 15, node, npm, the harness's pinned node packages) and
# starts/stops a throwaway PostgreSQL 15 cluster: data and socket in a private temp dir, no TCP
# listener, timezone=UTC; as root the cluster belongs to the postgres user (initdb refuses root).
#
# The sourcing script may set pg_cluster_tag (prefix of the messages, default "parity").
# After pg_cluster_start PREFIX: pg_cluster_dir (data in $pg_cluster_dir/data, socket in
# $pg_cluster_dir) and pg_cluster_url (postgresql://postgres@/postgres?host=$pg_cluster_dir).
# pg_cluster_stop stops it and deletes the dir; it is safe to call at any time, also twice.
#
# Sourcing it also clears the user's libpq settings (every PG* variable: PGPORT, PGHOST, PGUSER,
# PGDATABASE, PGPASSWORD, PGOPTIONS, PGSSLMODE, PGTZ, ...) and DATABASE_URL, and sets the locale
# to C.UTF-8, for this shell and everything it starts (initdb, postgres, psql, node, sequelize-cli):
# a developer's usual database settings must not steer the throwaway cluster, nor any client to it.
# Connections are always named in full (socket dir, port, user, database, or --server/--database URL).

pg_cluster_harness=$(cd "$(dirname "${BASH_SOURCE[0]}")/../parity-harness" && pwd)
pgbin=${PARITY_PG_BIN:-/usr/lib/postgresql/15/bin}
pg_cluster_tag=${pg_cluster_tag:-parity}
pg_cluster_dir=""
pg_cluster_url=""
pg_cluster_as_owner=()

pg_env_scrub() {
  local v
  for v in $(compgen -e); do
    case "$v" in
      PG* | DATABASE_URL | LC_* | LANGUAGE) unset "$v" ;;
    esac
  done
  export LANG=C.UTF-8 LC_ALL=C.UTF-8
}
pg_env_scrub

say() { printf '%s: %s\n' "$pg_cluster_tag" "$*" >&2; }

apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    say "missing $*; install it (apt-get install $*) or run as root"
    exit 2
  fi
  say "installing $* with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "$@" >&2
}

ensure_tools() {
  local need=()
  [ -x "$pgbin/initdb" ] || need+=(postgresql-15 postgresql-contrib)
  command -v node >/dev/null 2>&1 || need+=(nodejs)
  command -v npm >/dev/null 2>&1 || need+=(npm)
  if [ "${#need[@]}" -gt 0 ]; then apt_install "${need[@]}"; fi
}

# npm ci whenever package-lock.json changed since the last install (stamp holds its hash).
# A lock keeps parallel runs (ctest -j) from installing into the same folder at once.
ensure_node_modules() {
  local harness=$pg_cluster_harness
  local stamp="$harness/node_modules/.parity-lock-hash" want
  want=$(sha256sum "$harness/package-lock.json" | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then return; fi
  local lock="${TMPDIR:-/tmp}/parity-npm-ci.$(printf '%s' "$harness" | sha256sum | cut -c1-12).lock"
  (
    flock 9
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
      say "npm ci in $harness"
      (cd "$harness" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
      printf '%s\n' "$want" >"$stamp"
    fi
  ) 9>"$lock"
}

# Where the cluster dir goes: $TMPDIR when the postgres user can enter it and the socket path fits
# (unix socket paths are limited to 107 bytes), else /tmp.
pg_cluster_base() {
  local base=${TMPDIR:-/tmp}
  base=${base%/}
  if [ ! -d "$base" ] || [ "${#base}" -gt 60 ]; then base=/tmp; fi
  if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$base" 2>/dev/null; then base=/tmp; fi
  printf '%s\n' "$base"
}

# pg_cluster_start PREFIX: a new cluster in $TMPDIR/PREFIX.XXXXXX (see pg_cluster_base). Exits 2
# when it cannot start. Set a trap that calls pg_cluster_stop before calling this.
pg_cluster_start() {
  pg_cluster_dir=$(mktemp -d "$(pg_cluster_base)/$1.XXXXXX")
  pg_cluster_as_owner=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$pg_cluster_dir"
    pg_cluster_as_owner=(runuser -u postgres --)
  fi
  local tmp=$pg_cluster_dir
  if ! "${pg_cluster_as_owner[@]}" "$pgbin/initdb" -D "$tmp/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    --no-sync >"$tmp/initdb.log" 2>&1; then
    cat "$tmp/initdb.log" >&2
    say "initdb failed"
    exit 2
  fi
  if ! "${pg_cluster_as_owner[@]}" "$pgbin/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $tmp -p 5432 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c timezone=UTC" \
    start >/dev/null; then
    cat "$tmp/server.log" >&2
    say "could not start PostgreSQL"
    exit 2
  fi
  pg_cluster_url="postgresql://postgres@/postgres?host=$tmp"
}

# The postmaster's pid while it runs (pg_ctl makes it a process group leader; its backends share
# the group), else nothing.
pg_cluster_pid() {
  local dir=${1:-$pg_cluster_dir} pid
  [ -n "$dir" ] && [ -f "$dir/data/postmaster.pid" ] || return 1
  pid=$(head -n1 "$dir/data/postmaster.pid" 2>/dev/null)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  # A killed postmaster is a zombie until init reaps it (some inits take their time).
  [ "$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null)" != Z ] || return 1
  printf '%s\n' "$pid"
}

# pg_cluster_alive: the postmaster of the current cluster still runs.
pg_cluster_alive() { pg_cluster_pid >/dev/null; }

pg_cluster_stop() {
  local tmp=$pg_cluster_dir pid
  [ -n "$tmp" ] || return 0
  pg_cluster_dir=""
  pg_cluster_url=""
  pid=$(head -n1 "$tmp/data/postmaster.pid" 2>/dev/null || true)
  if [ -f "$tmp/data/postmaster.pid" ]; then
    "${pg_cluster_as_owner[@]}" "$pgbin/pg_ctl" -D "$tmp/data" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
  fi
  # Whatever is left of it (a postmaster that did not stop, or the backends of one that died) is
  # in the postmaster's process group, which outlives a killed postmaster until its last member.
  case "$pid" in
    '' | *[!0-9]*) ;;
    *) kill -KILL -- "-$pid" 2>/dev/null || true ;;
  esac
  rm -rf "$tmp"
}
