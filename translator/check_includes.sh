#!/usr/bin/env bash
# Run by the build before a stage compiles (translator/CMakeLists.txt):
#   check_includes.sh STAMP STAGE "ALLOWED STAGES" FILE...
# Every `#include "S/..."` in a file of STAGE names a stage it declared (or itself); our headers
# are included as "stage/file.h"; only parse/ includes libpg_query, only check/ tree-sitter.
# A violation is a build error at file:line.
set -uo pipefail
stamp=$1 stage=$2 allowed=" $3 "
shift 3
status=0
for file in "$@"; do
  while IFS=: read -r line text; do
    if [[ $text =~ \#[[:space:]]*include[[:space:]]+\"([a-z_]+)/[^\"]+\" ]]; then
      used=${BASH_REMATCH[1]}
      if [[ $allowed != *" $used "* ]]; then
        echo "$file:$line: error: stage '$stage' may not include '$used/' (it uses:$allowed) [layering]" >&2
        status=1
      fi
    elif [[ $text =~ \#[[:space:]]*include[[:space:]]+\"[^\"/]+\.h\" ]]; then
      echo "$file:$line: error: include our headers as \"stage/file.h\" [layering]" >&2
      status=1
    fi
    if [[ $text == *"<pg_query"* && $stage != parse ]]; then
      echo "$file:$line: error: only parse/ includes libpg_query [layering]" >&2
      status=1
    fi
    if [[ $text == *"<tree_sitter"* && $stage != check ]]; then
      echo "$file:$line: error: only check/ includes tree-sitter [layering]" >&2
      status=1
    fi
  done < <(grep -n -E '^[[:space:]]*#[[:space:]]*include' "$file")
done
[ "$status" -eq 0 ] && touch "$stamp"
exit "$status"
