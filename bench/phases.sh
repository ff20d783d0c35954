#!/usr/bin/env bash
# Where the time of an incremental backup and of a restore goes, phase by phase: runs each ROUNDS times
# (default 4) with -Darca.trace=true, which makes Arca print a mark at each phase (PhaseTrace), and
# prints the milliseconds from the launch of ./arca to each mark. The incremental backs up the data set
# changed by mutate_dataset.py into a copy of a repository holding the unchanged data set; the restore
# restores that unchanged snapshot.
#
#   bench/phases.sh [ROUNDS]
#
# Marks: main (JVM started, launcher done), open (command line parsed), key-slots-read, key-derived
# (scrypt), opened (config read), locked, walked (backup: the source walked; restore: the trees),
# read (backup: every changed file chunked and hashed), flushed (packs and index stored), written
# (restore: the file contents). Needs the data set of bench/files-bench.sh in bench/work/dataset-base.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/bench/lib.sh"
rounds=${1:-4}
base="$ROOT/bench/work/dataset-base"
work="$ROOT/bench/work/phases"
[ -d "$base" ] || die "no data set in $base; run bench/files-bench.sh once to make it"
export ARCA_PASSWORD=${ARCA_PASSWORD:-arca-bench-password}
arca="$ROOT/arca"

log "preparing: a repository of a copy of the data set, which is then changed by mutate_dataset.py"
fresh_work "$work"
cp -a "$base" "$work/data"
"$arca" init -r "$work/parent" >/dev/null
"$arca" backup -r "$work/parent" "$work/data" >/dev/null
python3 "${ARCA_SHARED:-$ROOT/../shared/bench}/mutate_dataset.py" "$work/data" >/dev/null || die "mutate_dataset.py failed"

traced() {   # label command...: one run, then the marks as milliseconds since the launch
    local label=$1 start end
    shift
    sync
    start=$(date +%s%3N)
    ARCA_JAVA_OPTS="${ARCA_JAVA_OPTS:-} -Darca.trace=true" "$arca" "$@" >/dev/null 2>"$work/err" ||
        die "$label failed: $(tail -n 3 "$work/err")"
    end=$(date +%s%3N)
    awk -v s="$start" -v e="$end" -v l="$label" '
        BEGIN { printf "%-12s", l }
        $1 == "arca-trace" { printf " %s %d", $2, $3 - s }
        END { printf " exit %d\n", e - s }' "$work/err"
}

for round in $(seq "$rounds"); do
    rm -rf "$work/incremental"
    cp -a "$work/parent" "$work/incremental"
    traced incremental backup -r "$work/incremental" "$work/data"
    rm -rf "$work/restore"
    traced restore restore -r "$work/parent" latest --target "$work/restore"
done
rm -rf "$work"
