#!/usr/bin/env bash
# Bad input, one check group per row of the README's "Bad input" table: each gives a message that
# names the file (with line:col where there is one), its documented exit code, and writes nothing
# (or leaves the previous output intact). Rows that need root powers (another user, a mount) say
# why when they are skipped.
set -uo pipefail
export LC_ALL=C  # grep patterns match bytes, valid UTF-8 or not
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
converter=$(realpath "${1:?usage: bad_inputs.sh CONVERTER [--sanitized]}")
# A sanitizer build is several times slower and hungrier: it gets a 5 MB file instead of 50 MB.
big_mb=50
[ "${2:-}" = --sanitized ] && big_mb=5
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0 skipped=0
check() {  # check NAME COMMAND...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); else echo "FAIL: $name" >&2; failed=$((failed + 1)); fi
}
skip() { echo "SKIP: $1" >&2; skipped=$((skipped + 1)); }
no_temp_left() { ! ls -a "$1" | grep -q 'p2s-tmp'; }

# history NAME: a fresh one-migration history in $tmp/NAME, printed.
history() {
  local h=$tmp/$1/migrations
  mkdir -p "$h/20240101000000_init"
  echo 'provider = "postgresql"' >"$h/migration_lock.toml"
  printf 'CREATE TABLE "User" ("id" TEXT NOT NULL);\n' >"$h/20240101000000_init/migration.sql"
  echo "$h"
}
# run NAME HISTORY [ARGS...]: converts into $tmp/NAME.out; sets rc, err (stderr text).
run() {
  local name=$1 h=$2; shift 2
  "$converter" convert "$h" --out "$tmp/$name.out" "$@" 2>"$tmp/$name.err" >/dev/null; rc=$?
  err=$(cat "$tmp/$name.err")
}
expect_error() {  # expect_error NAME RC PATTERN: exit RC, PATTERN in stderr, nothing written
  local name=$1 want=$2 pattern=$3
  check "$name: exit $want (got $rc)" test "$rc" -eq "$want"
  check "$name: message /$pattern/" grep -qE -- "$pattern" "$tmp/$name.err"
  check "$name: nothing written" test ! -e "$tmp/$name.out"
  check "$name: no temporary folder" no_temp_left "$tmp"
}

# Missing folder.
run missing "$tmp/does-not-exist"
expect_error missing 1 "$tmp/does-not-exist: No such file or directory \[no-such-directory\]"

# A file given as the folder.
echo x >"$tmp/a-file"
run file-as-folder "$tmp/a-file"
expect_error file-as-folder 1 "$tmp/a-file: not a directory"

# Unreadable migration.sql: root reads anything, so this row runs as the nobody user.
h=$(history unreadable)
chmod 000 "$h/20240101000000_init/migration.sql"
if id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null; then
  out=$tmp/unreadable-out && mkdir "$out" && chown nobody "$out"
  cp "$converter" "$tmp/converter-copy"  # the build folder may be closed to nobody
  setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups "$tmp/converter-copy" convert "$h" --out "$out/x" \
    2>"$tmp/unreadable.err"; rc=$?
  check "unreadable: exit 1 (got $rc)" test "$rc" -eq 1
  check "unreadable: names the file" \
    grep -q "$h/20240101000000_init/migration.sql: cannot read: Permission denied \[io-error\]" "$tmp/unreadable.err"
  check "unreadable: nothing written" test ! -e "$out/x"
else
  skip "unreadable: no nobody user or no setpriv to drop root's right to read anything"
fi

# migration.sql that is a directory.
h=$(history sql-is-dir)
rm "$h/20240101000000_init/migration.sql" && mkdir "$h/20240101000000_init/migration.sql"
run sql-is-dir "$h"
expect_error sql-is-dir 1 "20240101000000_init/migration.sql: cannot read: is a directory, not a file"

# migration.sql that is a FIFO (reading it would block forever).
h=$(history fifo)
rm "$h/20240101000000_init/migration.sql" && mkfifo "$h/20240101000000_init/migration.sql"
timeout 10 "$converter" convert "$h" --out "$tmp/fifo.out" 2>"$tmp/fifo.err"; rc=$?
expect_error fifo 1 "20240101000000_init/migration.sql: cannot read: is not a regular file"

# Symlink loops: a migration.sql that points at itself, and a folder that points at itself.
h=$(history loop)
ln -sf migration.sql "$h/20240101000000_init/migration.sql"
run loop "$h"
expect_error loop 1 "20240101000000_init/migration.sql: cannot read: Too many levels of symbolic links"
h=$(history loop-dir)
ln -s 20240102000000_loop "$h/20240102000000_loop"
run loop-dir "$h"
expect_error loop-dir 1 "20240102000000_loop: cannot read: Too many levels of symbolic links"

# Not UTF-8: the position of the first bad byte (line 2, column 14: a Latin-1 é).
h=$(history latin1)
printf 'CREATE TABLE "A" ("id" TEXT);\nCOMMENT ON "caf\xe9" IS \x27x\x27;\n' >"$h/20240101000000_init/migration.sql"
run latin1 "$h"
expect_error latin1 1 "20240101000000_init/migration.sql:2:16: error: byte 0xe9 is not valid UTF-8.*\[not-utf8\]"
check "latin1: the caret under the bad byte" grep -qx '               ^' "$tmp/latin1.err"
# An overlong form and a UTF-16 surrogate are not UTF-8 either; real multi-byte text before them is.
printf -- '-- é ok\nSELECT 1; -- \xc0\xaf\n' >"$h/20240101000000_init/migration.sql"
run overlong "$h"
expect_error overlong 1 "migration.sql:2:14: error: byte 0xc0 is not valid UTF-8"
printf -- '-- \xed\xa0\x80\n' >"$h/20240101000000_init/migration.sql"
run surrogate "$h"
expect_error surrogate 1 "migration.sql:1:4: error: byte 0xed is not valid UTF-8"

# NUL bytes.
h=$(history nul)
printf 'CREATE TABLE "A" ("id" TEXT);\nSELECT 1;\0\n' >"$h/20240101000000_init/migration.sql"
run nul "$h"
expect_error nul 1 "20240101000000_init/migration.sql:2:10: error: NUL byte.*\[nul-byte\]"

# An empty migration.sql: Prisma applies it as a no-op, so it converts to an empty migration.
h=$(history empty)
: >"$h/20240101000000_init/migration.sql"
run empty "$h"
check "empty: exit 0 (got $rc)" test "$rc" -eq 0
check "empty: one migration written" test -f "$tmp/empty.out/20240101000000-init.js"
check "empty: loads in node" node -e "const m = require('$tmp/empty.out/20240101000000-init.js'); process.exit(typeof m.up === 'function' ? 0 : 1)"

# A 50 MB migration.sql (generated here; 100 INSERTs of 5000 rows): converted in bounded time and
# memory.
h=$(history big)
node -e '
  const fs = require("fs"); const fd = fs.openSync(process.argv[1], "w");
  fs.writeSync(fd, "CREATE TABLE \"Big\" (\"id\" INTEGER NOT NULL, \"note\" TEXT);\n");
  const row = "(1, \x27" + "x".repeat(90) + "\x27)";
  const chunk = "INSERT INTO \"Big\" VALUES " + Array(5000).fill(row).join(", ") + ";\n";
  for (let n = 0; n < +process.argv[2] * 1024 * 1024; n += chunk.length) fs.writeSync(fd, chunk);
  fs.closeSync(fd);' "$h/20240101000000_init/migration.sql" "$big_mb"
# CPU time, not wall time: the bound is for runaway (quadratic) work, whatever else the machine does.
/usr/bin/time -f '%U %S %M' -o "$tmp/big.time" "$converter" convert "$h" --out "$tmp/big.out" -q 2>"$tmp/big.err"; rc=$?
read -r user sys rss_kb < <(tail -1 "$tmp/big.time")
secs=$(awk "BEGIN { printf \"%d\", $user + $sys }"); rss_mb=$((rss_kb / 1024))
echo "big: $(stat -c %s "$h/20240101000000_init/migration.sql") bytes in ${secs} s of CPU, peak ${rss_mb} MiB" >&2
check "big: exit 0 (got $rc)" test "$rc" -eq 0
check "big: under 120 s of CPU (${secs} s)" test "$secs" -lt 120
check "big: under 4 GiB (${rss_mb} MiB)" test "$rss_mb" -lt 4096
rm -rf "$tmp/big.out" "$h"
# Above the limit (256 MiB): refused before reading (a sparse file: no disk used).
h=$(history huge)
truncate -s 300M "$h/20240101000000_init/migration.sql"
run huge "$h"
expect_error huge 1 "20240101000000_init/migration.sql: cannot read: too large \(314572800 bytes; the limit is 256 MiB\)"
rm -rf "$h"

# A folder name with a newline: converted; the file name has '_' in its place.
h=$(history newline)
mv "$h/20240101000000_init" "$h/20240101000000_in"$'\n'"it"
run newline "$h"
check "newline: exit 0 (got $rc)" test "$rc" -eq 0
check "newline: file name without the newline" test -f "$tmp/newline.out/20240101000000-in_it.js"
check "newline: report is valid JSON with the real name" \
  node -e "const r = require('$tmp/newline.out/conversion-report.json'); process.exit(r.migrations[0].prisma === '20240101000000_in\nit' ? 0 : 1)"

# A folder name that is not UTF-8.
h=$(history badname)
mv "$h/20240101000000_init" "$h/20240101000000_caf"$'\xe9'
run badname "$h"
expect_error badname 1 "20240101000000_caf.: the name is not valid UTF-8 \(byte 0xe9 at byte 19\).*\[not-utf8\]"

# --out inside the input (and --out equal to it).
h=$(history inside)
"$converter" convert "$h" --out "$h/sequelize" 2>"$tmp/inside.err"; rc=$?
check "inside: exit 1 (got $rc)" test "$rc" -eq 1
check "inside: message" grep -q "error: --out $h/sequelize is inside the history folder $h" "$tmp/inside.err"
check "inside: nothing written" test ! -e "$h/sequelize"
"$converter" convert "$h/" --out "$h/../migrations" 2>/dev/null; rc=$?
check "inside: --out equal to the input: exit 1 (got $rc)" test "$rc" -eq 1

# --out on a read-only file system (root ignores file modes: a read-only bind mount in a private
# mount namespace, gone when the command ends).
h=$(history readonly)
mkdir -p "$tmp/ro/parent"
if unshare -m true 2>/dev/null; then
  unshare -m bash -c "mount --bind '$tmp/ro/parent' '$tmp/ro/parent' && mount -o remount,bind,ro '$tmp/ro/parent' &&
    '$converter' convert '$h' --out '$tmp/ro/parent/out'" 2>"$tmp/readonly.err"; rc=$?
  check "readonly: exit 1 (got $rc)" test "$rc" -eq 1
  check "readonly: message" grep -q "cannot create a temporary folder beside $tmp/ro/parent/out: Read-only file system" "$tmp/readonly.err"
  check "readonly: nothing written" test -z "$(ls -A "$tmp/ro/parent")"
else
  skip "readonly: cannot make a mount namespace here (unshare -m)"
fi

# --out on a full file system: a 64 KiB tmpfs that already holds a previous, smaller output.
h=$(history full)
x=$(head -c 2000 /dev/zero | tr '\0' x)
for i in $(seq 10 40); do
  mkdir "$h/202401010000${i}_more"
  echo "COMMENT ON TABLE \"User\" IS '$x';" >"$h/202401010000${i}_more/migration.sql"
done
mkdir -p "$tmp/fullfs" "$tmp/full.first/migrations/20240101000000_init"
cp "$h/migration_lock.toml" "$tmp/full.first/migrations/"
cp "$h/20240101000000_init/migration.sql" "$tmp/full.first/migrations/20240101000000_init/"
cat >"$tmp/full.sh" <<EOS
mount -t tmpfs -o size=64k tmpfs "$tmp/fullfs" || exit 0
"$converter" convert "$tmp/full.first/migrations" --out "$tmp/fullfs/seq" -q || exit 0
cp -a "$tmp/fullfs/seq" "$tmp/full.before"
"$converter" convert "$h" --out "$tmp/fullfs/seq" 2>"$tmp/full.err"; echo \$? >"$tmp/full.rc"
diff -r "$tmp/full.before" "$tmp/fullfs/seq" && ! ls -A "$tmp/fullfs" | grep -q p2s-tmp && touch "$tmp/full.intact"
EOS
if unshare -m bash "$tmp/full.sh" 2>/dev/null && [ -e "$tmp/full.rc" ]; then
  rc=$(cat "$tmp/full.rc")
  check "full: exit 1 (got $rc)" test "$rc" = 1
  check "full: message" grep -q "No space left on device; $tmp/fullfs/seq is unchanged" "$tmp/full.err"
  check "full: previous output intact, no temporary folder" test -e "$tmp/full.intact"
else
  skip "full: cannot mount a small tmpfs in a private mount namespace here"
fi

# SIGKILL in the middle of writing: the previous output stays whole (old or new, never a mix), and
# the next run removes the killed run's temporary folder. 400 migrations make the write long
# enough to be hit; the kill delay sweeps across the run until it has landed mid-write (a temporary
# folder is left) a few times.
mkhistory() {  # mkhistory DIR COUNT: COUNT small migrations
  mkdir -p "$1" && echo 'provider = "postgresql"' >"$1/migration_lock.toml"
  for i in $(seq 1000 $((999 + $2))); do
    mkdir "$1/2024010100${i}_t"
    printf 'CREATE TABLE "T%s" ("id" TEXT NOT NULL, "v" INTEGER DEFAULT 1);\n' "$i" >"$1/2024010100${i}_t/migration.sql"
  done
}
h=$tmp/killed/migrations
mkhistory "$tmp/killed-old/migrations" 100 && mkhistory "$h" 400
"$converter" convert "$tmp/killed-old/migrations" --out "$tmp/keep-old" -q
echo mine >"$tmp/keep-old/notes.txt"
t0=$(date +%s%N); "$converter" convert "$h" --out "$tmp/killed.new" -q; total_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
hits=0 tries=0 mixed=0
while [ "$hits" -lt 3 ] && [ "$tries" -lt 60 ]; do
  tries=$((tries + 1))
  rm -rf "$tmp/killed.out" && cp -a "$tmp/keep-old" "$tmp/killed.out"
  delay_ms=$(( total_ms * (50 + (tries * 37) % 55) / 100 ))
  "$converter" convert "$h" --out "$tmp/killed.out" -q & pid=$!
  sleep "$(awk "BEGIN { print $delay_ms / 1000 }")"
  kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  ls -A "$tmp" | grep -q '^\.killed\.out\.p2s-tmp-' || continue  # not killed mid-write
  hits=$((hits + 1))
  # Whole old folder or whole new one (plus the foreign file), never a mix.
  if diff -rq "$tmp/keep-old" "$tmp/killed.out" >/dev/null; then :; else
    cp "$tmp/keep-old/notes.txt" "$tmp/killed.new/notes.txt"
    diff -rq "$tmp/killed.new" "$tmp/killed.out" >/dev/null || mixed=$((mixed + 1))
    rm "$tmp/killed.new/notes.txt"
  fi
  "$converter" convert "$h" --out "$tmp/killed.out" -q; rc=$?
  check "killed: next run exits 0" test "$rc" -eq 0
  check "killed: next run removed the temporary folder" no_temp_left "$tmp"
  check "killed: foreign file kept" test "$(cat "$tmp/killed.out/notes.txt")" = mine
done
echo "killed: $hits kills landed mid-write in $tries tries (run takes ${total_ms} ms)" >&2
if [ "$hits" -gt 0 ]; then
  check "killed: previous output intact after every mid-write kill ($mixed mixed)" test "$mixed" -eq 0
else
  skip "killed: no kill landed mid-write in $tries tries"
fi
# A temporary-looking folder that this tool did not create (no lock file) is never touched.
mkdir "$tmp/.killed.out.p2s-tmp-0000000000000000" && echo keep >"$tmp/.killed.out.p2s-tmp-0000000000000000/f"
"$converter" convert "$h" --out "$tmp/killed.out" -q
check "killed: a look-alike folder without our lock is left alone" test -f "$tmp/.killed.out.p2s-tmp-0000000000000000/f"
rm -rf "$tmp/.killed.out.p2s-tmp-0000000000000000"

# A kill at the exact moment the lock is being made (strace delivers SIGKILL at the run's first
# flock, which comes before the lock's text is written): no lock file may be left without its text,
# since no later run could tell it from a file it did not write. The sweep above lands there by
# chance only (it once did, under load).
if command -v strace >/dev/null && strace -f -o /dev/null -e trace=flock true 2>/dev/null; then
  h=$(history lockkill)
  (strace -f -o /dev/null -e trace=flock -e inject=flock:signal=KILL \
    "$converter" convert "$h" --out "$tmp/lockkill.out" -q) 2>/dev/null
  "$converter" convert "$h" --out "$tmp/lockkill.out" -q; rc=$?
  check "lock kill: next run exits 0" test "$rc" -eq 0
  check "lock kill: no lock file left" no_temp_left "$tmp"
else
  skip "lock kill: strace cannot trace here"
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
