# Shared by the benchmark scripts: step log, timing and result lines.
log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*"; }
die() { log "FATAL: $*"; exit 1; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
mib() { du -sb "$@" | awk '{ s += $1 } END { printf "%.1f", s / 1048576 }'; }
RESULTS=()
put() { RESULTS+=("$1: $2"); log "  => $1: $2"; }
# Runs a command after a sync under GNU time, its output discarded and its stderr kept in LOG; prints
# "wall_s user_s sys_s rss_mib", or fails as the command did.
measure() {   # LOG command...
    local log=$1
    shift
    sync
    /usr/bin/time -o "$log.time" -f '%e %U %S %M' "$@" >/dev/null 2>"$log" || return 1
    awk '{ printf "%s %s %s %.1f\n", $1, $2, $3, $4 / 1024 }' "$log.time"
}
# Empties DIR for a script's work and builds Arca if its sources changed, so no build lands in a timed step.
fresh_work() {   # DIR
    rm -rf "$1"
    mkdir -p "$1"
    "$ROOT/arca" --version >/dev/null 2>&1
}
