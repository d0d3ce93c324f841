# shellcheck shell=bash
# prisma_order HISTORY_DIR: prints the order, "bytes" or "locale", that Prisma ran a history of this
# repository in, for the histories the two rules order differently (README, "Migration order"):
# fixtures/<name>/prisma-order, or tests/corpus-order.txt for ../shared/corpus/<name>. Prints
# nothing for the others (convert then needs no --order).
prisma_order() {
  local parent
  parent=$(dirname "$1")
  if [ -f "$parent/prisma-order" ]; then
    cat "$parent/prisma-order"
    return
  fi
  awk -v n="$(basename "$parent")" '$1 == n { print $2 }' \
    "$(dirname "${BASH_SOURCE[0]}")/../../tests/corpus-order.txt"
}
