# Shared by the database and copy benchmarks: step log, timing and result lines.
log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*"; }
die() { log "FATAL: $*"; exit 1; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
mib() { du -sb "$@" | awk '{ s += $1 } END { printf "%.1f", s / 1048576 }'; }
RESULTS=()
put() { RESULTS+=("$1: $2"); log "  => $1: $2"; }
