#!/usr/bin/env bash
# scripts/parity under faults: interrupted part way by SIGINT or SIGTERM, or its PostgreSQL killed
# (SIGKILL to the postmaster) part way. Each time it must exit non-zero with a message, and leave no
# cluster, no temp folder (TMPDIR is a fresh folder, checked empty) and no process (none in its
# process group, none whose working directory is under TMPDIR: postgres runs in its data dir,
# sequelize-cli in its config dir; none that names the converted folder: node). History:
# fixtures/school-health, converted.
# Environment: PRISMA2SEQUELIZE  the converter (default: <repo>/build/prisma2sequelize)
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
converter=${PRISMA2SEQUELIZE:-$root/build/prisma2sequelize}
parity="$root/scripts/parity"
prisma="$root/fixtures/school-health/migrations"

if [ ! -x "$converter" ]; then
  echo "fault_test: converter not found at $converter (build it, or set PRISMA2SEQUELIZE)" >&2
  exit 2
fi
work=$(mktemp -d /tmp/parity-fault.XXXXXX)
chmod 755 "$work" # the cluster inside belongs to the postgres user when run as root
trap 'rm -rf "$work"' EXIT
# school-health runs in byte order (Prisma 6.5 and older; fixtures/school-health/prisma-order).
"$converter" convert "$prisma" --out "$work/seq" --quiet --order bytes || exit 2

passed=0
failed=0
ok() { echo "ok $1"; passed=$((passed + 1)); }
bad() {
  echo "FAIL $1"
  shift
  printf '  %s\n' "$@"
  failed=$((failed + 1))
}

# Processes whose working directory is under $1, or whose command line names the converted folder
# (node and sequelize-cli run with it).
procs_under() {
  local p cwd args
  for p in /proc/[0-9]*; do
    cwd=$(readlink "$p/cwd" 2>/dev/null) || continue
    args=$(tr '\0' ' ' <"$p/cmdline" 2>/dev/null)
    case "$cwd" in "$1"/*) printf '%s %s\n' "${p#/proc/}" "${args:0:80}"; continue ;; esac
    case "$args" in *"$work/seq"*) printf '%s %s\n' "${p#/proc/}" "${args:0:80}" ;; esac
  done
}

# fault NAME EXPECTED_EXIT ACTION EXPECTED_LINE...: starts scripts/parity, waits until the third
# migration is being compared, does ACTION (int, term, kill-postgres), waits for the end, checks.
fault() {
  local name=$1 want=$2 action=$3
  shift 3
  local tmp="$work/tmp-$name" log="$work/$name.log" problems=()
  mkdir -m 755 "$tmp"
  # A background job of a script starts with SIGINT ignored, which bash cannot trap: reset it.
  TMPDIR=$tmp setsid env --default-signal=INT "$parity" "$prisma" "$work/seq" --order bytes --progress >"$log" 2>&1 &
  local pid=$!
  local waited=0
  until grep -q '^\[2/' "$log" 2>/dev/null; do
    sleep 0.2
    waited=$((waited + 1))
    if [ "$waited" -gt 600 ] || ! kill -0 "$pid" 2>/dev/null; then problems+=("the run never reached the 2nd migration"); break; fi
  done
  case "$action" in
    int) kill -INT "$pid" ;;
    term) kill -TERM "$pid" ;;
    kill-postgres) kill -KILL "$(head -n1 "$tmp"/parity.*/data/postmaster.pid)" ;;
  esac
  wait "$pid"
  local rc=$?
  sleep 0.5
  [ "$rc" -eq "$want" ] || problems+=("exit status $rc, expected $want")
  for line in "$@"; do grep -qF -- "$line" "$log" || problems+=("missing: $line"); done
  local left
  left=$(ls -A "$tmp")
  [ -z "$left" ] || problems+=("left in TMPDIR: $left")
  left=$(procs_under "$tmp")
  [ -z "$left" ] || problems+=("processes left: $left")
  left=$(ps -o pid=,args= -g "$pid" 2>/dev/null)
  [ -z "$left" ] || problems+=("processes left in its group: $left")
  if [ "${#problems[@]}" -eq 0 ]; then
    ok "$name (exit $rc): $(grep -E '^parity: (interrupted|the throwaway)' "$log" | head -n1)"
  else
    bad "$name" "${problems[@]}"
    sed 's/^/  | /' "$log"
  fi
}

fault sigint 130 int 'parity: interrupted by SIGINT: stopping the run, its PostgreSQL cluster and temp folders'
fault sigterm 143 term 'parity: interrupted by SIGTERM: stopping the run, its PostgreSQL cluster and temp folders'
fault postgres-killed 2 kill-postgres \
  'parity: error: ' \
  'parity: the throwaway PostgreSQL cluster stopped during the run; the last lines of its log:'

echo "fault: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
