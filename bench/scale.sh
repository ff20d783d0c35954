#!/usr/bin/env bash
# How many blobs the launcher's heap handles: makes a repository with 256-byte chunks (SmallChunkRepository),
# backs up FILES files of 100 chunks each (FILES * 100 blobs), removes half the files and backs up again,
# then runs 'arca check', 'arca forget --keep-last 1 --prune', 'arca check' once more and
# 'arca check --read-data' through ./arca, printing time, peak RSS and whether each finished. Each step
# that runs out of heap says so and the script goes on, so one run shows where the limit lies.
#
#   bench/scale.sh FILES [WORK_DIR]      e.g. bench/scale.sh 10000   (about 1,000,000 blobs)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/bench/lib.sh"
files=${1:?usage: bench/scale.sh FILES [WORK_DIR]}
work=${2:-$ROOT/bench/work/scale}
export ARCA_PASSWORD=${ARCA_PASSWORD:-arca-bench-password}
arca="$ROOT/arca"

log "preparing: $files files of 25,600 random bytes in directories of 100, in $work"
fresh_work "$work"
python3 - "$work/data" "$files" <<'PY'
import os, sys
root, files = sys.argv[1], int(sys.argv[2])
for i in range(files):
    d = os.path.join(root, "d%05d" % (i // 100))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%07d" % i), "wb") as f:
        f.write(os.urandom(25600))
PY
. "$ROOT/scripts/find-jdk.sh"
arca_find_jdk
(cd "$ROOT" && JAVA_HOME=$ARCA_JAVA_HOME mvn -q -pl arca-repository -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/cp.txt >"$work/build.log" 2>&1) || die "build failed: $(tail -n 5 "$work/build.log")"
"$ARCA_JAVA_HOME/bin/java" -cp "$ROOT/arca-repository/target/classes:$ROOT/arca-repository/target/test-classes:$(cat "$ROOT/arca-repository/target/cp.txt")" \
    dev.arca.repository.SmallChunkRepository "$work/repo" >/dev/null

step() {   # label command...: one step, timed; an out-of-heap failure is reported, not fatal
    local label=$1 out
    shift
    if out=$(measure "$work/$label.log" "$@"); then
        read -r wall user sys rss <<<"$out"
        put "$label" "ok, wall ${wall} s, peak RSS ${rss} MiB"
    elif grep -q 'out of memory' "$work/$label.log"; then
        put "$label" "OUT OF MEMORY ($(head -n 1 "$work/$label.log"))"
    else
        die "$label failed: $(tail -n 3 "$work/$label.log")"
    fi
}

step backup-1 "$arca" backup -r "$work/repo" "$work/data"
put blobs "$("$arca" stats -r "$work/repo" --json 2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("blobs", d))')"
find "$work/data" -name 'f*[02468]' -delete
step backup-2 "$arca" backup -r "$work/repo" "$work/data"
step check "$arca" check -r "$work/repo"
step forget-prune "$arca" forget -r "$work/repo" --keep-last 1 --prune
step check-after "$arca" check -r "$work/repo"
step check-read-data "$arca" check -r "$work/repo" --read-data
printf '%s\n' "${RESULTS[@]}"
