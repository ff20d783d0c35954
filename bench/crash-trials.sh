#!/usr/bin/env bash
#
# crash-trials.sh - kill -9 of `arca backup` and of `arca forget --prune` at random moments, many more
# times than CI's CrashSafetyTest (22 trials), through the launcher as users run it. After every kill:
#   1. `arca check --read-data` passes;
#   2. the oldest, a random and the newest surviving snapshot restore, byte for byte (sha256 of every file);
#   3. the next backup (or `arca prune`) succeeds.
# The data is ~150 MB made here (random uploads, a growing log, a database file rewritten in the
# middle, names that are not valid UTF-8), changed before every backup trial (8-32 MB of new upload, 12 MB of new log lines) so that
# each one has new data to store when it is killed. A kill lands at a random moment after the command
# has opened the repository, up to as long as an unkilled run then takes (so a few runs finish first);
# each trial reports the last phase the killed process had passed.
#
# Usage: bench/crash-trials.sh [--backups N] [--prunes N] [--seed S]     (defaults 40, 30, 1)
# Knobs: ARCA_BENCH_BASE=/tmp/arca-crash (wiped). Exit code 0 only if every trial passed.
#
set -Eeuo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BACKUPS=40 PRUNES=30 SEED=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --backups) BACKUPS=$2; shift 2 ;;
    --prunes) PRUNES=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    *) echo "usage: $0 [--backups N] [--prunes N] [--seed S]" >&2; exit 2 ;;
  esac
done
BASE=${ARCA_BENCH_BASE:-/tmp/arca-crash}
[[ $BASE == /tmp/?* ]] || { echo "ARCA_BENCH_BASE must be under /tmp (it is wiped)" >&2; exit 2; }
. "$ROOT/bench/lib.sh"
export ARCA_PASSWORD=${ARCA_PASSWORD:-arca-crash-password}
ARCA=$ROOT/arca
REPO=$BASE/repo DATA=$BASE/data MANIFESTS=$BASE/manifests
RESULTS_FILE=$ROOT/bench/work/crash-results-$(date -u +%Y%m%dT%H%M%SZ).json
RANDOM=$SEED
rm -rf "$BASE"; mkdir -p "$DATA" "$MANIFESTS" "$ROOT/bench/work"
"$ARCA" --version >/dev/null

rand_file() { head -c "$2" /dev/urandom >"$1"; }   # PATH BYTES
manifest() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum); }
change() {   # ROUND: a new upload, a longer log, the database file's middle rewritten, an old upload gone
  # Enough new data that most of a backup's time is spent storing it, where a kill matters most.
  rand_file "$DATA/uploads/u-$1.bin" $(((8 + RANDOM % 24) << 20))
  python3 - "$1" >>"$DATA/logs/app.log" <<'PY'
import random, sys
r = random.Random(sys.argv[1])
states = ["open", "closed", "pending"]
sys.stdout.write("".join("2026-11-27 ticket %d updated by agent %d: status %s\n"
                         % (r.randrange(10**6), r.randrange(500), r.choice(states)) for _ in range(150000)))
PY
  dd if=/dev/urandom of="$DATA/db/helpdesk.db" bs=64K count=$((1 + RANDOM % 32)) seek=$((RANDOM % 256)) conv=notrunc status=none
  printf '%s\n' "$1" >>"$DATA/config/a"$'\xff'   # a name that is not UTF-8, changed every round
  [[ $1 =~ ^[0-9]+$ ]] && rm -f "$DATA/uploads/u-$(($1 - 12)).bin"
  return 0
}
backup_ok() {   # records the snapshot's manifest; fails the run if the backup fails
  local out id
  out=$("$ARCA" backup -r "$REPO" --json "$DATA" 2>"$BASE/backup.err") || die "backup after a kill failed: $(tail -3 "$BASE/backup.err")"
  id=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["snapshot"])' <<<"$out")
  manifest "$DATA" >"$MANIFESTS/$id"
}
# Starts a command in the background and, once it has opened the repository (its -Darca.trace mark
# "opened"), SIGKILLs it DELAY seconds later; prints "killed after PHASE" (the last phase it had passed,
# as `bench/phases.sh` names them) or "finished" if it ended first.
kill_after() {   # DELAY command...
  local delay=$1 pid phase
  shift
  ARCA_JAVA_OPTS=-Darca.trace=true "$@" >/dev/null 2>"$BASE/trace" & pid=$!
  for _ in $(seq 3000); do
    grep -q '^arca-trace opened ' "$BASE/trace" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.01
  done
  sleep "$delay"
  if kill -0 "$pid" 2>/dev/null; then
    kill -9 "$pid"; wait "$pid" 2>/dev/null || true
    phase=$(awk '$1 == "arca-trace" { p = $2 } END { print (p == "" ? "start" : p) }' "$BASE/trace")
    echo "killed after $phase"
  else wait "$pid" 2>/dev/null || true; echo finished; fi
}
# A moment of the part of a run after the repository is open (so most kills land while it writes).
within() { awk -v t="$1" -v r="$RANDOM" 'BEGIN { printf "%.3f", t * r / 32767 }'; }
# How long an unkilled run takes from opening the repository to its end, in seconds.
timed() {
  local end
  ARCA_JAVA_OPTS=-Darca.trace=true "$@" >/dev/null 2>"$BASE/trace" || die "timing run failed: $*"
  end=$(date +%s%3N)
  awk -v end="$end" '$1 == "arca-trace" && $2 == "opened" && !seen { printf "%.2f", (end - $3) / 1000; seen = 1 }' "$BASE/trace"
}

FAILURES=0 KILLED=0 FINISHED=0 RESTORES=0 PHASES=() PRUNE_PHASES=()
snapshot_ids() { "$ARCA" snapshots -r "$REPO" --json | python3 -c 'import json,sys; [print(s["id"]) for s in json.load(sys.stdin)]'; }
# A backup killed after it stored its snapshot made one of the data as it is now (nothing changed since).
adopt_newest() {
  local newest
  newest=$(snapshot_ids | tail -1)
  [[ -z $newest || -f $MANIFESTS/$newest ]] || manifest "$DATA" >"$MANIFESTS/$newest"
}
verify() {   # CONTEXT: check --read-data, then restore the oldest, a random and the newest surviving snapshot
  if ! "$ARCA" check -r "$REPO" --read-data >"$BASE/check.out" 2>&1; then
    log "FAILED ($1): check --read-data: $(tail -5 "$BASE/check.out")"; FAILURES=$((FAILURES + 1)); return
  fi
  mapfile -t ids < <(snapshot_ids)
  local picks=("${ids[0]}" "${ids[RANDOM % ${#ids[@]}]}" "${ids[-1]}") id target
  for id in $(printf '%s\n' "${picks[@]}" | sort -u); do
    [[ -f $MANIFESTS/$id ]] || { log "FAILED ($1): snapshot $id was never made by this script"; FAILURES=$((FAILURES + 1)); continue; }
    target=$BASE/restore; rm -rf "$target"
    if ! "$ARCA" restore -r "$REPO" "$id" --target "$target" >/dev/null 2>"$BASE/restore.err"; then
      log "FAILED ($1): restore $id: $(tail -3 "$BASE/restore.err")"; FAILURES=$((FAILURES + 1)); continue
    fi
    if ! cmp -s <(manifest "$target${DATA}") "$MANIFESTS/$id"; then
      log "FAILED ($1): restore of $id differs from what was backed up"; FAILURES=$((FAILURES + 1)); continue
    fi
    RESTORES=$((RESTORES + 1))
  done
  rm -rf "$BASE/restore"
}

log "data: ~150 MB in $DATA; repository $REPO"
mkdir -p "$DATA/uploads" "$DATA/logs" "$DATA/db" "$DATA/config"
for i in $(seq 20); do rand_file "$DATA/uploads/seed-$i.bin" $(((1 + RANDOM % 8) << 20)); done
rand_file "$DATA/db/helpdesk.db" $((16 << 20))
for i in $(seq 30); do echo "setting_$i = $RANDOM" >"$DATA/config/c$i.conf"; done
# Names that are not valid UTF-8, two of them alike once decoded (a\xff, a\xfe), restored by their bytes.
printf 'one\n' >"$DATA/config/a"$'\xff'; printf 'two\n' >"$DATA/config/a"$'\xfe'
mkdir "$DATA/config/d"$'\xe9'; printf 'inner\n' >"$DATA/config/d"$'\xe9'"/f"
"$ARCA" init -r "$REPO" >/dev/null
change 0
backup_ok
change 0
T_BACKUP=$(timed "$ARCA" backup -r "$REPO" "$DATA")
adopt_newest
log "an unkilled backup takes $T_BACKUP s once the repository is open; $BACKUPS backup trials"
for trial in $(seq "$BACKUPS"); do
  change "$trial"
  delay=$(within "$T_BACKUP")
  outcome=$(kill_after "$delay" "$ARCA" backup -r "$REPO" "$DATA")
  [[ $outcome == killed* ]] && KILLED=$((KILLED + 1)) || FINISHED=$((FINISHED + 1))
  PHASES+=("${outcome#killed after }")
  adopt_newest
  verify "backup trial $trial, $outcome after $delay s"
  backup_ok
  log "backup trial $trial: $outcome after $delay s; failures so far $FAILURES"
done

# Each prune has two snapshots' worth of garbage: uploads that only older snapshots hold.
garbage() {   # ROUND
  change "p$1"; backup_ok; rm -f "$DATA/uploads/u-p$1.bin"
  change "q$1"; backup_ok; rm -f "$DATA/uploads/u-q$1.bin"
  backup_ok
}
"$ARCA" forget -r "$REPO" --keep-last 1 --prune >/dev/null 2>&1 || die "forget --prune of the backup trials' snapshots failed"
garbage 0
T_PRUNE=$(timed "$ARCA" forget -r "$REPO" --keep-last 1 --prune)   # as much to do as each trial has
log "an unkilled forget --prune takes $T_PRUNE s once the repository is open; $PRUNES prune trials"
for trial in $(seq "$PRUNES"); do
  garbage "$trial"
  delay=$(within "$T_PRUNE")
  outcome=$(kill_after "$delay" "$ARCA" forget -r "$REPO" --keep-last 1 --prune)
  [[ $outcome == killed* ]] && KILLED=$((KILLED + 1)) || FINISHED=$((FINISHED + 1))
  PRUNE_PHASES+=("${outcome#killed after }")
  verify "prune trial $trial, $outcome after $delay s"
  "$ARCA" prune -r "$REPO" >/dev/null 2>"$BASE/prune.err" || { log "FAILED: prune after trial $trial: $(tail -3 "$BASE/prune.err")"; FAILURES=$((FAILURES + 1)); }
  log "prune trial $trial: $outcome after $delay s; failures so far $FAILURES"
done

python3 "$ROOT/bench/benchlib.py" json "$RESULTS_FILE" type=crash-trials seed="$SEED" backup_trials="$BACKUPS" \
  prune_trials="$PRUNES" killed="$KILLED" finished_before_kill="$FINISHED" restores_verified="$RESTORES" \
  failures="$FAILURES" backup_s="$T_BACKUP" prune_s="$T_PRUNE"
tally() { printf '%s\n' "$@" | sort | uniq -c | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1 }'; }
log "backup trials by the last phase passed: $(tally "${PHASES[@]}")"
log "prune trials by the last phase passed: $(tally "${PRUNE_PHASES[@]}")"
log "trials $((BACKUPS + PRUNES)): killed $KILLED, finished before the kill $FINISHED; restores verified $RESTORES; failures $FAILURES"
log "results: $RESULTS_FILE"
[[ $FAILURES -eq 0 ]]
