#!/usr/bin/env bash
# Converts one Prisma migration history with prisma2sequelize and runs the parity harness on it.
# Usage: tests/parity/run_history.sh PRISMA_MIGRATIONS_DIR [scripts/parity options]
#        (--order bytes|locale is passed to the converter too)
# Environment: PRISMA2SEQUELIZE  the converter (default: <repo>/build/prisma2sequelize)
#              PARITY_OUT        keep the converted migrations in this folder instead of a temp one
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
converter=${PRISMA2SEQUELIZE:-$root/build/prisma2sequelize}

if [ $# -lt 1 ]; then
  echo "usage: $0 PRISMA_MIGRATIONS_DIR [scripts/parity options]" >&2
  exit 2
fi
prisma=$1
shift
convert_order=()
args=("$@")
for i in "${!args[@]}"; do
  case "${args[$i]}" in
    --order) convert_order=(--order "${args[$((i + 1))]:-}") ;;
    --order=*) convert_order=(--order "${args[$i]#--order=}") ;;
  esac
done
if [ ! -x "$converter" ]; then
  echo "run_history: converter not found at $converter (build it, or set PRISMA2SEQUELIZE)" >&2
  exit 2
fi

if [ -n "${PARITY_OUT:-}" ]; then
  out=$PARITY_OUT
  rm -rf "$out"
  mkdir -p "$out"
else
  out=$(mktemp -d /tmp/parity-convert.XXXXXX)
  trap 'rm -rf "$out"' EXIT
fi

echo "run_history: $converter convert $prisma --out $out ${convert_order[*]}"
set +e
"$converter" convert "$prisma" --out "$out" "${convert_order[@]}"
conv_rc=$?
set -e
# A history that PostgreSQL itself rejects part-way may make the converter report the defect with
# a non-zero exit; the migrations it wrote are still compared. Without any, there is nothing to run.
if [ "$conv_rc" -ne 0 ]; then
  if ! compgen -G "$out/*.js" >/dev/null; then
    echo "run_history: the converter exited with $conv_rc and wrote no migration" >&2
    exit 1
  fi
  echo "run_history: note: the converter exited with $conv_rc; comparing what it wrote"
fi

set +e
"$root/scripts/parity" "$prisma" "$out" "$@"
exit $?
