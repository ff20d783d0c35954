#!/usr/bin/env bash
# Where one arca command's CPU goes, in Java terms: runs it under async-profiler (fetched once from Maven
# Central into bench/work/), which samples every thread's stack every 250 us of CPU, interpreted frames
# included, so that start-up (class loading, picocli, the JCE, the first objects) shows which Java code
# pays, where perf (bench/profile.sh) shows only "Interpreter". Prints wall/user/system seconds, each
# thread's share of the samples, and for the main thread the Arca frames with the samples below them.
#
#   bench/java-profile.sh backup -r REPO DIR
#   PROFILE_FRAME='JceSecurity.<clinit>' bench/java-profile.sh snapshots -r REPO   # what runs under a frame
#
# PROFILE_WALL=1 samples every millisecond of wall-clock time instead, waiting included, and prints where
# each of Arca's worker threads spent it (a pipeline's stalls: bench/collapsed-stacks.py --wall).
# PROFILE_ALLOC=1 records where memory is allocated instead (every 64 KiB, async-profiler's allocation
# profile) and prints the MiB allocated and the sites that allocated most (collapsed-stacks.py --alloc).
# PROFILE_KEEP=FILE keeps the collapsed stacks (one line per stack: thread;frame;...;frame count).
# Extra JVM options (ARCA_JAVA_OPTS) pass through.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/bench/lib.sh"
[ $# -ge 1 ] || die "usage: bench/java-profile.sh ARCA-ARGUMENTS..."
version=4.1
case "$(uname -m)" in
    x86_64) platform=linux-x64 ;;
    aarch64) platform=linux-arm64 ;;
    *) die "async-profiler has no build for $(uname -m)" ;;
esac
agent="$ROOT/bench/work/async-profiler-$version/$platform/libasyncProfiler.so"
if [ ! -f "$agent" ]; then
    command -v mvn >/dev/null 2>&1 || die "Maven is needed to fetch async-profiler"
    mvn -B -q dependency:get -Dartifact="tools.profiler:async-profiler:$version" >/dev/null 2>&1 ||
        die "could not fetch tools.profiler:async-profiler:$version from Maven Central"
    # python3 rather than unzip, which a fresh Debian lacks; the benchmark scripts need python3 anyway.
    python3 - "$HOME/.m2/repository/tools/profiler/async-profiler/$version/async-profiler-$version.jar" \
        "$ROOT/bench/work/async-profiler-$version" "$platform/" <<'PY'
import sys, zipfile
jar, target, prefix = sys.argv[1:]
with zipfile.ZipFile(jar) as z:
    z.extractall(target, [n for n in z.namelist() if n.startswith(prefix)])
PY
fi
out=$(mktemp -d)
trap '[ -n "${PROFILE_KEEP:-}" ] && cp "$out/stacks.txt" "$PROFILE_KEEP"; rm -rf "$out"' EXIT
"$ROOT/arca" --version >"$out/err" 2>&1 || die "arca does not start: $(tail -n 5 "$out/err")"
sampling="event=cpu,interval=250us"
[ -n "${PROFILE_WALL:-}" ] && sampling="event=wall,interval=1ms"
[ -n "${PROFILE_ALLOC:-}" ] && sampling="event=alloc,alloc=64k,total"
ARCA_JAVA_OPTS="${ARCA_JAVA_OPTS:-} -agentpath:$agent=start,$sampling,threads,collapsed,file=$out/stacks.txt" \
    /usr/bin/time -o "$out/time" -f '%e %U %S' "$ROOT/arca" "$@" >/dev/null 2>"$out/err" ||
    die "arca $* failed: $(tail -n 3 "$out/err")"
read -r wall user sys <"$out/time"
echo "wall ${wall} s, user ${user} s, system ${sys} s (profiled: slower than without)"
if [ -n "${PROFILE_ALLOC:-}" ]; then
    python3 "$ROOT/bench/collapsed-stacks.py" --alloc "$out/stacks.txt"
else
    python3 "$ROOT/bench/collapsed-stacks.py" ${PROFILE_WALL:+--wall} "$out/stacks.txt" ${PROFILE_FRAME:+"$PROFILE_FRAME"}
fi
