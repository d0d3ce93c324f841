#!/usr/bin/env bash
# Packs the npm package: builds the converter into build-npm/ (RelWithDebInfo as scripts/build: GCC 12 -O3
# trips -Werror=restrict in libstdc++), stripped, with libpg_query, jemalloc and the tree-sitter
# runtime (built from grammars/, as always) linked statically (and libstdc++/libgcc), stages npm/ with the binary in native/ and the parity
# harness (scripts/parity-harness, without its node_modules) in harness/, and runs `npm pack`.
# Usage: npm/pack.sh [DEST_DIR]   (default: the current folder). Prints the tarball's path.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dest=$(mkdir -p "${1:-.}" && cd "${1:-.}" && pwd)
lib=/usr/lib/$(gcc -print-multiarch)
for a in libpg_query.a libjemalloc.a; do
  [ -f "$lib/$a" ] || { echo "pack: $lib/$a missing (Debian libpg-query-dev / libjemalloc-dev)" >&2; exit 2; }
done
[ -f "$root/grammars/node_modules/tree-sitter/vendor/tree-sitter/lib/src/lib.c" ] || "$root/scripts/build" >&2

build=$root/build-npm
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPG_QUERY_LIB="$lib/libpg_query.a" \
  -DJEMALLOC_LIB="$lib/libjemalloc.a" "-DCMAKE_EXE_LINKER_FLAGS=-static-libstdc++ -static-libgcc" >/dev/null
cmake --build "$build" -j"$(nproc)" --target prisma2sequelize >&2

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -r "$root/npm/package.json" "$root/npm/README.md" "$root/npm/bin" "$root/npm/lib" "$stage/"
mkdir -p "$stage/native" "$stage/harness"
strip -o "$stage/native/prisma2sequelize" "$build/prisma2sequelize"
cp "$root"/scripts/parity-harness/*.js "$root/scripts/parity-harness/README.md" "$stage/harness/"
(cd "$stage" && npm pack --pack-destination "$dest" --loglevel=error --json >"$stage/pack.json")
file=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[0].filename)' "$stage/pack.json")
echo "$dest/$file"
