#!/usr/bin/env bash
# Benchmarks Arca against restic and borg on the standard file data set (docs/BENCHMARKS.md).
#
# Phases, each run for every tool in turn before the next phase starts: first backup into an empty
# repository, incremental backup after mutate_dataset.py, full restore of the latest snapshot
# (checked against the source outside the timed section). Each timed command runs under GNU
# `time -v` (wall, user+sys CPU, peak RSS); repositories are measured with `du -sb`.
#
# Nothing is deleted until the whole invocation ends (each run has its own copy of the data set,
# repositories and restores): on ext4 without a journal, every new inode skips the inodes of its group
# freed in the last 60 s, or 360 s while their inode-table block is dirty, and pays a buffer-cache lookup
# for each. A restore's 3,241 new files after the previous tool's 3,241 were deleted cost one to two
# seconds of system time, charged to whichever tool came next (docs/BENCHMARKS.md).
#
# Usage: bench/files-bench.sh [--tools arca,restic,borg] [--runs N] [--work DIR] [--keep]
set -euo pipefail

PROG=files-bench
BENCH_DIR=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
REPO_ROOT=$(cd "$BENCH_DIR/.." && pwd)
LIB="$BENCH_DIR/benchlib.py"

usage() {
    cat <<EOF
Usage: bench/files-bench.sh [OPTIONS]

Compares Arca, restic and borg on the standard ~1.3 GB data set: first backup, incremental backup
after a ~1% change, full restore. Prints wall time, CPU time, peak RSS and repository size per tool
and phase, the ratios Arca/restic and Arca/borg and the targets with PASS/FAIL.

Options:
  --tools LIST   comma-separated subset of arca,restic,borg (default: arca,restic,borg)
  --runs N       repeat the whole alternation N times and report medians (default: 1)
  --work DIR     work directory for the data set, repositories and results (default: bench/work)
  --keep         keep the repositories (and the mutated data set) after the run
  -h, --help     this help

Environment:
  ARCA_SHARED    directory holding gen_dataset.py and mutate_dataset.py
                 (default: <repo>/../shared/bench)
Results: WORK/results-<timestamp>.json (JSON lines), logs and summary in WORK/runs/<timestamp>/.
EOF
}

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 1; }

# ---------------------------------------------------------------- options
TOOLS_CSV=arca,restic,borg
RUNS=1
WORK="$BENCH_DIR/work"
KEEP=0
while [ $# -gt 0 ]; do
    case "$1" in
        --tools) [ $# -ge 2 ] || die "--tools needs a value"; TOOLS_CSV=$2; shift 2 ;;
        --tools=*) TOOLS_CSV=${1#*=}; shift ;;
        --runs) [ $# -ge 2 ] || die "--runs needs a value"; RUNS=$2; shift 2 ;;
        --runs=*) RUNS=${1#*=}; shift ;;
        --work) [ $# -ge 2 ] || die "--work needs a value"; WORK=$2; shift 2 ;;
        --work=*) WORK=${1#*=}; shift ;;
        --keep) KEEP=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer, not '$RUNS'"
TOOLS=()
IFS=',' read -r -a _tools <<<"$TOOLS_CSV"
for t in "${_tools[@]}"; do
    case "$t" in
        arca|restic|borg) ;;
        *) die "unknown tool '$t' in --tools (choose from arca,restic,borg)" ;;
    esac
    for u in "${TOOLS[@]+"${TOOLS[@]}"}"; do [ "$u" != "$t" ] || die "tool '$t' given twice in --tools"; done
    TOOLS+=("$t")
done
[ ${#TOOLS[@]} -gt 0 ] || die "--tools is empty"
has_tool() { local t; for t in "${TOOLS[@]}"; do [ "$t" = "$1" ] && return 0; done; return 1; }

SHARED=${ARCA_SHARED:-$REPO_ROOT/../shared/bench}
[ -f "$SHARED/gen_dataset.py" ] && [ -f "$SHARED/mutate_dataset.py" ] ||
    die "gen_dataset.py and mutate_dataset.py not found in '$SHARED'; set ARCA_SHARED to their directory"
SHARED=$(cd "$SHARED" && pwd)

# ---------------------------------------------------------------- dependencies (Debian packages only)
missing=()
command -v python3 >/dev/null 2>&1 || missing+=(python3)
[ -x /usr/bin/time ] || missing+=(time)
has_tool restic && ! command -v restic >/dev/null 2>&1 && missing+=(restic)
has_tool borg && ! command -v borg >/dev/null 2>&1 && missing+=(borgbackup)
if [ ${#missing[@]} -gt 0 ]; then
    command -v apt-get >/dev/null 2>&1 || die "missing: ${missing[*]}; no apt-get here, install them by hand"
    [ "$(id -u)" = 0 ] || die "missing: ${missing[*]}; run as root or 'sudo apt-get install -y ${missing[*]}'"
    log "installing ${missing[*]} (apt-get)"
    apt-get update -qq || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null ||
        die "apt-get install -y ${missing[*]} failed"
fi
# Capture first: with pipefail, grep -q closing the pipe early would fail the check by SIGPIPE.
time_report=$(/usr/bin/time -v true 2>&1 || true)
grep -q 'Maximum resident set size' <<<"$time_report" ||
    die "/usr/bin/time is not GNU time (need 'time -v'); apt-get install -y time"

# ---------------------------------------------------------------- work directory and layout
mkdir -p "$WORK" || die "cannot create work directory '$WORK'"
WORK=$(cd "$WORK" && pwd)
BASE="$WORK/dataset-base"          # pristine generated data set, never modified
MARKER="$WORK/dataset-base.ok"     # written once the generation completed
DATA=                              # what the tools back up: RUNROOT/runN/data, a copy of BASE, then mutated
TS=$(date -u +%Y%m%dT%H%M%SZ)
RUNROOT="$WORK/runs/$TS"
LOGS="$RUNROOT/logs"
RESULTS="$WORK/results-$TS.json"
mkdir -p "$LOGS"

avail_kib=$(df -Pk "$WORK" | awk 'NR==2 {print $4}')
need_kib=0
[ -f "$MARKER" ] || need_kib=$((2 * 1024 * 1024))
need_kib=$((need_kib + RUNS * (2 + 3 * ${#TOOLS[@]}) * 1024 * 1024))   # per run: data copy, repos, restores
[ "$avail_kib" -ge "$need_kib" ] ||
    die "not enough space in $WORK: $((avail_kib / 1024)) MiB free, about $((need_kib / 1024)) MiB needed"

export RESTIC_PASSWORD=${RESTIC_PASSWORD:-arca-bench-password}
export BORG_PASSPHRASE=${BORG_PASSPHRASE:-arca-bench-password}
export ARCA_PASSWORD=${ARCA_PASSWORD:-arca-bench-password}
unset RESTIC_REPOSITORY RESTIC_REPOSITORY_FILE BORG_REPO

VERIFY_FAILED=0
cleanup() {
    local rc=$?
    if [ "$KEEP" = 0 ]; then
        rm -rf "$RUNROOT"/run*/repos "$RUNROOT"/run*/state 2>/dev/null || true
    fi
    if [ "$VERIFY_FAILED" = 0 ]; then
        rm -rf "$RUNROOT"/run*/restore 2>/dev/null || true
        [ "$KEEP" = 1 ] || rm -rf "$RUNROOT"/run*/data 2>/dev/null || true
    else
        printf '%s: the source (%s) and the failed restore are kept for inspection\n' "$PROG" "${DATA:-?}" >&2
    fi
    if [ $rc -ne 0 ]; then
        printf '%s: FAILED (exit %d); logs in %s\n' "$PROG" "$rc" "$LOGS" >&2
        [ "$KEEP" = 1 ] && printf '%s: repositories kept in %s/run*/repos\n' "$PROG" "$RUNROOT" >&2
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- tools
arca_prime() {
    # Builds the distribution if the sources changed, so that no build lands in a timed section.
    local out
    out=$(cd "$REPO_ROOT" && ./arca --version 2>&1) || { printf '%s\n' "$out" >&2; die "'./arca --version' failed (build broken?)"; }
    printf '%s\n' "$out" | tail -n 1
}
prime() {   # load the tool's binaries into the page cache, untimed
    case "$1" in
        arca) arca_prime >/dev/null ;;
        restic) restic version >/dev/null ;;
        borg) borg --version >/dev/null ;;
    esac
}
tool_env() {   # per-tool, per-run cache/config directories so runs never share state
    local tool=$1 state=$2
    case "$tool" in
        restic) echo "RESTIC_CACHE_DIR=$state/cache" ;;
        borg) echo "BORG_BASE_DIR=$state" ;;
        arca) echo "XDG_CACHE_HOME=$state/cache"; echo "XDG_CONFIG_HOME=$state/config" ;;
    esac
}
# Sets CMD (array) and CWD for tool/action.
build_cmd() {
    local tool=$1 action=$2 repo=$3 arg=${4:-}
    CWD=$REPO_ROOT
    case "$tool/$action" in
        arca/init) CMD=(./arca init -r "$repo") ;;
        arca/backup) CMD=(./arca backup -r "$repo" "$DATA") ;;
        arca/restore) CMD=(./arca restore -r "$repo" latest --target "$arg") ;;
        restic/init) CMD=(restic -r "$repo" init) ;;
        restic/backup) CMD=(restic -r "$repo" backup "$DATA") ;;
        restic/restore) CMD=(restic -r "$repo" restore latest --target "$arg") ;;
        borg/init) CMD=(borg init -e repokey-blake2 "$repo") ;;
        borg/backup) CMD=(borg create "$repo::$arg" "$DATA") ;;
        # borg extracts relative to the current directory: the target.
        borg/restore) CMD=(borg extract "$repo::incremental"); CWD=$arg ;;
    esac
}

warm() {   # untimed: flush dirty pages of the previous step, then read data set and repository once
    sync
    python3 "$LIB" warm "$@" >/dev/null
}

# timed RUN TOOL PHASE STATE [k=v...]: runs $CMD in $CWD under GNU time -v and records it;
# a backup adds the repository size (du -sb, measured after the timed command).
timed() {
    local run=$1 tool=$2 phase=$3 state=$4; shift 4
    local base="$LOGS/run$run-$tool-$phase"
    local rc=0 envs extra=()
    mapfile -t envs < <(tool_env "$tool" "$state")
    local load1
    load1=$(cut -d' ' -f1 /proc/loadavg)   # recorded: a hint of how busy the machine was
    (cd "$CWD" && exec env "${envs[@]}" /usr/bin/time -v -o "$base.time" "${CMD[@]}") >"$base.log" 2>&1 || rc=$?
    if [ "$tool" = arca ] && grep -q 'arca: building the distribution' "$base.log"; then
        die "a build of Arca ran inside the timed $phase (sources changed meanwhile); the figure is void, run again"
    fi
    if [ $rc -ne 0 ] && ! { [ "$tool" = borg ] && [ $rc = 1 ]; }; then
        tail -n 20 "$base.log" >&2
        die "$tool $phase failed (exit $rc): ${CMD[*]} — full log: $base.log"
    fi
    [ $rc = 0 ] || log "warning: borg $phase exited 1 (borg's 'warning' status), see $base.log"
    if [ "$phase" != restore ]; then
        extra+=(repo_bytes="$(du -sb "$RUNROOT/run$run/repos/$tool" | cut -f1)")
    fi
    printf '[%s] run %s  ' "$(date +%H:%M:%S)" "$run" >&2
    python3 "$LIB" record "$RESULTS" "$base.time" run="$run" tool="$tool" phase="$phase" \
        load1_before="$load1" log="${base#"$WORK"/}.log" "${extra[@]}" "$@" >&2
}

untimed() {   # run $CMD in $CWD with the tool's env; log to file, die on error
    local tool=$1 what=$2 state=$3 logf=$4
    local envs
    mapfile -t envs < <(tool_env "$tool" "$state")
    if ! (cd "$CWD" && exec env "${envs[@]}" "${CMD[@]}") >"$logf" 2>&1; then
        tail -n 20 "$logf" >&2
        die "$tool $what failed: ${CMD[*]} — full log: $logf"
    fi
}

# ---------------------------------------------------------------- versions, meta
declare -A VERSION
has_tool arca && { log "preparing arca (./arca --version; builds on first use)"; VERSION[arca]=$(arca_prime); }
has_tool restic && VERSION[restic]=$(restic version | head -n 1)
has_tool borg && VERSION[borg]=$(borg --version | head -n 1)

# ---------------------------------------------------------------- data set
gen_sha=$(sha256sum "$SHARED/gen_dataset.py" | cut -d' ' -f1)
if [ -f "$MARKER" ] && [ -d "$BASE" ] && grep -q "^gen_sha=$gen_sha\$" "$MARKER"; then
    log "reusing data set $BASE ($(grep -E '^(files|bytes)=' "$MARKER" | tr '\n' ' '))"
else
    log "generating the data set into $BASE (takes a few minutes)"
    rm -rf "$BASE" "$MARKER"
    python3 "$SHARED/gen_dataset.py" "$BASE" || die "gen_dataset.py failed"
    files=$(find "$BASE" -type f | wc -l)
    bytes=$(find "$BASE" -type f -printf '%s\n' | awk '{s+=$1} END {printf "%d", s}')
    printf 'gen_sha=%s\nfiles=%s\nbytes=%s\ncreated=%s\n' "$gen_sha" "$files" "$bytes" "$(date -u +%FT%TZ)" >"$MARKER"
    log "data set ready: $files files, $bytes bytes"
fi
DS_FILES=$(sed -n 's/^files=//p' "$MARKER")
DS_BYTES=$(sed -n 's/^bytes=//p' "$MARKER")
[ "$DS_FILES" = 3236 ] || log "warning: the standard data set has 3236 files, this one $DS_FILES"

# What a page fault costs here: on some virtual machines ten times more than on others, which moves every
# tool's system time (bench/fault-cost.py; docs/BENCHMARKS.md, "a tenth machine").
# awk reads to the end: exiting at the first match closed the pipe under the script's later lines (BrokenPipeError).
fault_us=$(python3 "$BENCH_DIR/fault-cost.py" | awk '/first touch/ && !seen++ {print $5}')
meta=(type=meta ts="$TS" date="$(date -u +%FT%TZ)" host="$(hostname)" nproc="$(nproc)" fault_us="$fault_us"
      mem_gib="$(awk '/MemTotal/ {printf "%.0f", $2/1048576}' /proc/meminfo)" kernel="$(uname -r)"
      runs="$RUNS" tools="$(IFS=,; echo "${TOOLS[*]}")" dataset.files="$DS_FILES" dataset.bytes="$DS_BYTES"
      dataset.path="$RUNROOT/runN/data" settings.restic="restic init (repository v2, compression auto); restic backup"
      settings.borg="borg init -e repokey-blake2; borg create (default compression lz4)"
      settings.arca="./arca init/backup/restore; ARCA_JAVA_OPTS='${ARCA_JAVA_OPTS:-}'")
for t in "${TOOLS[@]}"; do meta+=(versions."$t"="${VERSION[$t]}"); done
python3 "$LIB" json "$RESULTS" "${meta[@]}"

# ---------------------------------------------------------------- runs
for ((run = 1; run <= RUNS; run++)); do
    # Rotate the order from run to run (run 1: as given) so no tool always goes first.
    ORDER=()
    for ((i = 0; i < ${#TOOLS[@]}; i++)); do ORDER+=("${TOOLS[$(((i + run - 1) % ${#TOOLS[@]}))]}"); done
    R="$RUNROOT/run$run"
    log "run $run/$RUNS: order ${ORDER[*]}"

    DATA="$R/data"
    log "copying the data set to $DATA"
    mkdir -p "$R"
    cp -a "$BASE" "$DATA"

    for t in "${ORDER[@]}"; do
        mkdir -p "$R/repos" "$R/state/$t"
        build_cmd "$t" init "$R/repos/$t"
        untimed "$t" init "$R/state/$t" "$LOGS/run$run-$t-init.log"
    done

    # Phase 1: first backup of the pristine data set into the empty repositories.
    for t in "${ORDER[@]}"; do
        prime "$t"; warm "$DATA"
        build_cmd "$t" backup "$R/repos/$t" first
        timed "$run" "$t" first "$R/state/$t"
    done

    # The ~1% change, applied once in place: every tool backs up the same mutated bytes.
    log "mutating the data set (mutate_dataset.py)"
    python3 "$SHARED/mutate_dataset.py" "$DATA" || die "mutate_dataset.py failed"
    counts=$(python3 "$LIB" manifest "$DATA" "$R/source.manifest") || die "cannot list the mutated data set"
    read -r m_files m_bytes <<<"$counts"
    python3 "$LIB" json "$RESULTS" type=dataset run="$run" state=mutated files="$m_files" bytes="$m_bytes"

    # Phase 2: incremental backup of the mutated data set.
    for t in "${ORDER[@]}"; do
        prime "$t"; warm "$DATA" "$R/repos/$t"
        build_cmd "$t" backup "$R/repos/$t" incremental
        timed "$run" "$t" incremental "$R/state/$t"
    done

    # Phase 3: full restore of the latest snapshot into an empty directory, verified untimed.
    for t in "${ORDER[@]}"; do
        target="$R/restore/$t"
        rm -rf "$target"; mkdir -p "$target"
        prime "$t"; warm "$DATA" "$R/repos/$t"
        build_cmd "$t" restore "$R/repos/$t" "$target"
        timed "$run" "$t" restore "$R/state/$t"
        restored=$(python3 "$LIB" find-dataset "$target" "$DATA") || {
            VERIFY_FAILED=1
            find "$target" -maxdepth 5 | head -n 20 >&2
            die "$t restore: the restored data set was not found under $target (listing above)"
        }
        python3 "$LIB" manifest "$restored" "$R/restore-$t.manifest" >/dev/null
        if ! diff -u "$R/source.manifest" "$R/restore-$t.manifest" >"$LOGS/run$run-$t-restore.diff"; then
            VERIFY_FAILED=1
            {
                echo "=================================================================="
                echo "RESTORE MISMATCH: $t restored data differs from the source"
                echo "  source:   $DATA"
                echo "  restored: $restored (kept for inspection)"
                echo "  diff:     $LOGS/run$run-$t-restore.diff (first lines below)"
                echo "=================================================================="
                head -n 30 "$LOGS/run$run-$t-restore.diff"
            } >&2
            python3 "$LIB" json "$RESULTS" type=verify run="$run" tool="$t" ok=false
            die "restore verification failed for $t"
        fi
        python3 "$LIB" json "$RESULTS" type=verify run="$run" tool="$t" ok=true files="$m_files" bytes="$m_bytes"
        log "$t restore verified: $m_files files, $m_bytes bytes identical (layout: ${restored#"$target"}/)"
    done
done

# ---------------------------------------------------------------- summary
echo
python3 "$LIB" report "$RESULTS" | tee "$RUNROOT/summary.txt"
echo
echo "results: $RESULTS"
echo "summary: $RUNROOT/summary.txt   logs: $LOGS"
[ "$KEEP" = 1 ] && echo "repositories kept in $RUNROOT/run*/repos, mutated data sets in $RUNROOT/run*/data"
exit 0
