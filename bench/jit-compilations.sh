#!/usr/bin/env bash
# What the JIT compilers do during one arca command: records the JVM's jdk.Compilation events (every
# compilation, threshold 0) with Flight Recorder and prints, per tier, how many methods were compiled and
# the milliseconds it took, then the dearest C2 (tier 4) compilations.
#
#   bench/jit-compilations.sh backup -r REPO DIR
#
# Extra JVM options (ARCA_JAVA_OPTS) pass through.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/bench/lib.sh"
[ $# -ge 1 ] || die "usage: bench/jit-compilations.sh ARCA-ARGUMENTS..."
. "$ROOT/scripts/find-jdk.sh"
arca_find_jdk
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cat >"$out/compilations.jfc" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0">
  <event name="jdk.Compilation"><setting name="enabled">true</setting><setting name="threshold">0 ms</setting></event>
</configuration>
XML
ARCA_JAVA_OPTS="${ARCA_JAVA_OPTS:-} -XX:StartFlightRecording=filename=$out/run.jfr,settings=$out/compilations.jfc" \
    "$ROOT/arca" "$@" >/dev/null 2>"$out/err" || die "arca $* failed: $(tail -n 3 "$out/err")"
"$ARCA_JAVA_HOME/bin/jfr" print --events jdk.Compilation "$out/run.jfr" >"$out/events.txt"
python3 - "$out/events.txt" <<'PY'
import collections, re, sys
UNIT = {'ns': 1e-6, 'us': 1e-3, 'ms': 1.0, 's': 1000.0}
rows = []
for event in open(sys.argv[1]).read().split('jdk.Compilation {')[1:]:
    duration = re.search(r'duration = ([\d.]+) (ns|us|ms|s)\b', event)
    level = re.search(r'compileLevel = (\d)', event)
    method = re.search(r'method = (.*)', event)
    if duration and level and method:
        rows.append((float(duration.group(1)) * UNIT[duration.group(2)], int(level.group(1)), method.group(1).strip()))
count, ms = collections.Counter(), collections.Counter()
for t, level, _ in rows:
    count[level] += 1
    ms[level] += t
for level in sorted(count):
    print(f'tier {level}: {count[level]:5d} methods in {ms[level]:7.1f} ms')
print('dearest C2 compilations:')
for t, _, method in sorted((r for r in rows if r[1] == 4), reverse=True)[:12]:
    print(f'  {t:6.1f} ms  {method}')
PY
