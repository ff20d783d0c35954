#!/usr/bin/env bash
# Two builds of Arca head to head: alternates two launchers (this clone's and a worktree's, say) over a
# first backup, a full restore and an incremental backup of the standard data set, and prints wall, user
# and system seconds and peak RSS of each. For judging one change: the alternation puts a slow spell of
# the machine on both sides.
#
#   bench/ab-launchers.sh LAUNCHER_A LAUNCHER_B [ROUNDS]      (default 3 rounds)
#   e.g. git worktree add /tmp/before HEAD~1 && bench/ab-launchers.sh ./arca /tmp/before/arca
#
# Needs the data set of bench/files-bench.sh in bench/work/dataset-base (run that once first).
# Extra JVM options for both sides go in ARCA_JAVA_OPTS; for one side only in ARCA_A_OPTS or ARCA_B_OPTS,
# which judge a JVM option with the same launcher on both sides:
#   ARCA_B_OPTS=-XX:CompileThresholdScaling=8 bench/ab-launchers.sh ./arca ./arca
# (such options apply when the command runs; the start-up cache stays the one recorded under the
# launcher's own options). ARCA_AB_PHASES picks the phases, for many rounds of one of them:
#   ARCA_AB_PHASES=incremental bench/ab-launchers.sh ./arca /tmp/before/arca 8
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/bench/lib.sh"
[ $# -ge 2 ] || die "usage: bench/ab-launchers.sh LAUNCHER_A LAUNCHER_B [ROUNDS]"
a=$(readlink -f "$1")
b=$(readlink -f "$2")
rounds=${3:-3}
phases=${ARCA_AB_PHASES:-first restore incremental}
for p in $phases; do
    case "$p" in first | restore | incremental) ;; *) die "ARCA_AB_PHASES: expected first, restore or incremental, got '$p'" ;; esac
done
base="$ROOT/bench/work/dataset-base"
work="$ROOT/bench/work/ab"
[ -d "$base" ] || die "no data set in $base; run bench/files-bench.sh once to make it"
[ -x /usr/bin/time ] || die "GNU time is missing: apt-get install -y time"
export ARCA_PASSWORD=${ARCA_PASSWORD:-arca-bench-password}

# Each side gets repositories its own build wrote: a build whose trees carry a field the other's do not
# (chunk checks, say) would otherwise back up against, or restore, what the other side made.
log "preparing, for each side: a repository of the data set, and one of a copy that is then changed by mutate_dataset.py"
rm -rf "$work"
mkdir -p "$work"
"$a" --version >/dev/null 2>&1
"$b" --version >/dev/null 2>&1
cp -a "$base" "$work/data"
for side in A B; do
    if [ "$side" = A ]; then launcher=$a; else launcher=$b; fi
    "$launcher" init -r "$work/full-$side" >/dev/null
    "$launcher" backup -r "$work/full-$side" "$base" >/dev/null
    "$launcher" init -r "$work/parent-$side" >/dev/null
    "$launcher" backup -r "$work/parent-$side" "$work/data" >/dev/null
done
python3 "${ARCA_SHARED:-$ROOT/../shared/bench}/mutate_dataset.py" "$work/data" || die "mutate_dataset.py failed"

timed() {   # label launcher command...
    local label=$1 launcher=$2 row
    shift 2
    row=$(measure "$work/err" env ARCA_JAVA_OPTS="${ARCA_JAVA_OPTS:-} $opts" "$launcher" "$@") ||
        die "$label with $launcher failed: $(tail -n 3 "$work/err")"
    read -r wall user sys rss <<<"$row"
    printf '%-6s %-4s %-12s %-45s %6s %6s %6s %7s\n' "$round" "$side" "$label" "$launcher" "$wall" "$user" "$sys" "$rss"
}

printf '%-6s %-4s %-12s %-45s %6s %6s %6s %7s\n' round side phase launcher wall_s user_s sys_s rss_mib
for round in $(seq "$rounds"); do
    for side in A B; do
        if [ "$side" = A ]; then launcher=$a opts=${ARCA_A_OPTS:-}; else launcher=$b opts=${ARCA_B_OPTS:-}; fi
        if [[ " $phases " == *" first "* ]]; then
            rm -rf "$work/first"
            "$launcher" init -r "$work/first" >/dev/null
            timed first "$launcher" backup -r "$work/first" "$base"
        fi
        if [[ " $phases " == *" restore "* ]]; then
            rm -rf "$work/restore"
            timed restore "$launcher" restore -r "$work/full-$side" latest --target "$work/restore"
        fi
        if [[ " $phases " == *" incremental "* ]]; then
            rm -rf "$work/incremental"
            cp -a "$work/parent-$side" "$work/incremental"
            sync
            timed incremental "$launcher" backup -r "$work/incremental" "$work/data"
        fi
    done
done
rm -rf "$work"
