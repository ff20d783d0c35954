#!/usr/bin/env bash
# Profiles one arca command with perf (every thread, kernel included, JIT-compiled Java named through
# the JVM's perf map) and prints its wall/user/system seconds, the top symbols, and the share of the
# samples whose symbol matches PROFILE_MATCH (an extended regex), if set. Needs linux-perf.
#
#   PROFILE_MATCH='GHASH.blockMult|CounterMode.implCrypt|AESCrypt.implEncryptBlock' \
#       bench/profile.sh restore -r REPO latest --target DIR
#
# Extra JVM options (ARCA_JAVA_OPTS) pass through, so two option sets can be compared run by run.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/bench/lib.sh"
[ $# -ge 1 ] || die "usage: bench/profile.sh ARCA-ARGUMENTS..."
command -v perf >/dev/null 2>&1 || die "perf is missing: apt-get install -y linux-perf"
out=$(mktemp -d)
trap '[ -n "${PROFILE_KEEP:-}" ] && cp "$out/perf.data" "$PROFILE_KEEP"; rm -rf "$out"' EXIT
"$ROOT/arca" --version >"$out/err" 2>&1 || die "arca does not start: $(tail -n 5 "$out/err")"
ARCA_JAVA_OPTS="${ARCA_JAVA_OPTS:-} -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit" \
    /usr/bin/time -o "$out/time" -f '%e %U %S' perf record -q -F 999 -g -o "$out/perf.data" -- "$ROOT/arca" "$@" \
    >/dev/null 2>"$out/err" || die "arca $* failed: $(tail -n 3 "$out/err")"
read -r wall user sys <"$out/time"
echo "wall ${wall} s, user ${user} s, system ${sys} s"
perf report -i "$out/perf.data" --no-children --sort dso,sym -g none 2>/dev/null | grep -v '^#' | grep -v '^$' |
    head -n 15 | cut -c1-140 || true   # perf report is cut short by head
if [ -n "${PROFILE_MATCH:-}" ]; then
    perf report -i "$out/perf.data" --no-children --sort sym -g none 2>/dev/null |
        awk -v m="$PROFILE_MATCH" '!/^#/ && $0 ~ m { s += $1 } END { printf "samples matching %s: %.2f%%\n", m, s }'
fi
