#!/usr/bin/env bash
#
# db-bench.sh - Arca's database figures beside the stock tools', on the same machine, data set and
# workload as ../shared/bench/db_anchor.sh (pgbench TPC-B at scale $PG_SCALE, $CLIENTS clients for
# $WORKLOAD_SECS s, markers before and after a target time T in the middle).
#
#   PostgreSQL: Arca full base backup (pg_basebackup streamed into the repository, WAL streamed by
#               `arca stream`), then point-in-time restore to T (`arca restore --plan --at T`):
#               data directory laid out, WAL staged, recovery to T, promotion. Verified like the
#               anchor: before-T present, after-T absent, TPC-B balances consistent, writable.
#   RPO:        a writer commits a row every 50 ms; the database server AND `arca stream` are killed
#               with SIGKILL at the same instant; restore to latest; the loss is the commit time of the
#               newest acknowledged row minus that of the newest restored row.
#   MariaDB:    the anchor's data set and tpcb workload; Arca dump (method: dump) and physical backup
#               (method: physical, mariadb-backup streamed into the repository), binlog streaming, then
#               PITR to T from the dump into a fresh server, and from the physical backup into a new
#               data directory (prepared, binlogs replayed by the server's parallel replication
#               applier) that is then started; both verified like the anchor. Then the RPO as above.
#
# Usage (as root):  bench/db-bench.sh [--anchor] [--mariadb-only]
#   --anchor        run ../shared/bench/db_anchor.sh first, in the same invocation, and print both
#   --mariadb-only  only the MariaDB part, of Arca and (with --anchor) of the anchor
#   knobs: PG_SCALE=50 WORKLOAD_SECS=60 CLIENTS=4 ARCA_BENCH_BASE=/tmp/arca-dbbench
# Output: a step log, then a summary (also in $BASE/summary.txt).
#
set -Eeuo pipefail
export TZ=UTC LC_ALL=C.UTF-8
cd "$(dirname "$0")/.."
ROOT=$PWD
SHARED=${ARCA_SHARED:-$ROOT/../shared/bench}
BASE=${ARCA_BENCH_BASE:-/tmp/arca-dbbench}
PG_SCALE=${PG_SCALE:-50}
WORKLOAD_SECS=${WORKLOAD_SECS:-60}
CLIENTS=${CLIENTS:-4}
PG_PORT=55442
RESTORE_PORT=55443
PGBIN=/usr/lib/postgresql/15/bin
export ARCA_PASSWORD=${ARCA_PASSWORD:-arca-bench-password}

. "$ROOT/bench/lib.sh"
ANCHOR=no ONLY=all
for arg in "$@"; do
  case $arg in
    --anchor) ANCHOR=yes ;;
    --mariadb-only) ONLY=mariadb ;;
    *) die "unknown argument '$arg'; usage: bench/db-bench.sh [--anchor] [--mariadb-only]" ;;
  esac
done
as_pg() { runuser -u postgres -- "$@"; }
psql_at() { "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -At -h 127.0.0.1 -p "$1" -U postgres -d postgres "${@:2}"; }

PIDS=()
cleanup() {
  local rc=$? p
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  for d in "$BASE/pg/data" "$BASE/rpo/data"; do
    [[ -f $d/postmaster.pid ]] && as_pg "$PGBIN/pg_ctl" -D "$d" -m immediate stop >/dev/null 2>&1 || true
  done
  exit "$rc"
}
trap cleanup EXIT

[[ $EUID -eq 0 ]] || die "run as root (PostgreSQL runs as the postgres user)"
[[ $BASE == /tmp/?* ]] || die "ARCA_BENCH_BASE must be under /tmp (it is wiped)"

if [[ $ANCHOR == yes ]]; then
  log "==== stock tools: $SHARED/db_anchor.sh ($ONLY) ===="
  if [[ $ONLY == all ]]; then
    DBANCHOR_BASE=/tmp/dbanchor PG_SCALE=$PG_SCALE WORKLOAD_SECS=$WORKLOAD_SECS CLIENTS=$CLIENTS bash "$SHARED/db_anchor.sh" \
      > /tmp/dbanchor.out 2>&1 || die "db_anchor.sh failed; see /tmp/dbanchor.out"
  else
    # The anchor's own steps, its MariaDB section alone: its functions loaded without running its main.
    # shellcheck disable=SC2016
    DBANCHOR_BASE=/tmp/dbanchor PG_SCALE=$PG_SCALE WORKLOAD_SECS=$WORKLOAD_SECS CLIENTS=$CLIENTS bash -c \
      'source <(sed -e "/^main \"\$@\"\$/d" "$1"); preflight; t0=$(now); my_section; put_dur total_script "$(secs_between "$t0" "$(now)")"; print_summary' \
      _ "$SHARED/db_anchor.sh" > /tmp/dbanchor.out 2>&1 || die "db_anchor.sh (MariaDB section) failed; see /tmp/dbanchor.out"
  fi
fi

rm -rf "$BASE"; mkdir -p "$BASE"; chown postgres: "$BASE"; cd "$BASE"
"$ROOT/arca" --version >/dev/null
arca() { "$ROOT/arca" "$@"; }

# pg_cluster DIR PORT: a cluster configured as the anchor's, without its archive_command
pg_cluster() {
  local dir=$1 port=$2
  mkdir -p "$dir"; chown postgres: "$dir"
  as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
shared_buffers = 1GB
max_wal_size = 2GB
wal_level = replica
timezone = 'UTC'
log_timezone = 'UTC'
CONF
  as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start >/dev/null
}

plan_for() {   # plan_for FILE REPO TYPE PORT USER: a plan with one streamed database source, bench/db
  cat >"$1" <<YAML
version: 1
tiers:
  mission-critical: {rto: 15m, rpo: 5m, priority: 1}
repositories:
  local: {url: "$2", site: primary, media: disk}
systems:
  bench:
    tier: mission-critical
    sources:
      db: {type: $3, host: 127.0.0.1, port: $4, user: $5, logs: stream}
YAML
}

if [[ $ONLY == all ]]; then
# ------------------------------------------------------------------ PITR --
log "==== Arca + PostgreSQL: base backup and PITR (scale $PG_SCALE) ===="
pg_cluster "$BASE/pg" "$PG_PORT"
t0=$(now); "$PGBIN/pgbench" -h 127.0.0.1 -p "$PG_PORT" -U postgres -i -s "$PG_SCALE" -q postgres >"$BASE/pgbench-init.log" 2>&1
put pg_load_pgbench_init_s "$(secs "$t0" "$(now)")"
psql_at "$PG_PORT" -c "CREATE TABLE marks (id serial PRIMARY KEY, label text NOT NULL, ts timestamptz NOT NULL DEFAULT clock_timestamp())"
put pg_data_dir_mib "$(mib "$BASE/pg/data")"
plan_for "$BASE/arca.yaml" "$BASE/repo" postgres "$PG_PORT" postgres
arca init -r "$BASE/repo" >/dev/null
"$ROOT/arca" stream --plan "$BASE/arca.yaml" --spool "$BASE/spool" 2>"$BASE/stream.log" & STREAM=$!; PIDS+=("$STREAM")
for i in $(seq 300); do grep -q 'streaming WAL' "$BASE/stream.log" && break; sleep 0.1; done
psql_at "$PG_PORT" -c CHECKPOINT
t0=$(now); arca backup --plan "$BASE/arca.yaml" >"$BASE/backup.log" 2>&1 || die "arca backup failed: $(cat "$BASE/backup.log")"
put arca_pg_backup_full_s "$(secs "$t0" "$(now)")"
put arca_repo_after_full_mib "$(mib "$BASE/repo")"

log "pgbench -c $CLIENTS -T $WORKLOAD_SECS, markers at ~$((WORKLOAD_SECS / 2)) s"
"$PGBIN/pgbench" -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "$CLIENTS" -T "$WORKLOAD_SECS" postgres >"$BASE/pgbench-run.log" 2>&1 & BENCH=$!
sleep $((WORKLOAD_SECS / 2))
psql_at "$PG_PORT" -c "INSERT INTO marks(label) VALUES ('before-T')"
PG_T=$(psql_at "$PG_PORT" -c "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")
sleep 2
psql_at "$PG_PORT" -c "INSERT INTO marks(label) VALUES ('after-T')"
wait "$BENCH"
put pg_T "$PG_T"
put pg_pgbench_tps "$(awk '/^tps/ { print $3; exit }' "$BASE/pgbench-run.log")"
sleep 3   # a few shipping rounds after the last commit
kill -TERM "$STREAM"; wait "$STREAM" || true   # background jobs ignore SIGINT
put arca_repo_total_mib "$(mib "$BASE/repo")"
arca recovery-points --plan "$BASE/arca.yaml" >"$BASE/recovery-points.txt" || true

log "disaster: stopping PostgreSQL and deleting its data directory"
as_pg "$PGBIN/pg_ctl" -D "$BASE/pg/data" -m fast -w stop >/dev/null
rm -rf "$BASE/pg/data"
t0=$(now)
arca restore --plan "$BASE/arca.yaml" --system bench --source db --at "$PG_T" --target-dir "$BASE/pg/data" \
  --target-url "postgres://127.0.0.1:$PG_PORT" >"$BASE/restore.log" 2>&1 || die "arca restore failed: $(cat "$BASE/restore.log")"
put arca_pg_pitr_total_s "$(secs "$t0" "$(now)")"
marks=$(psql_at "$PG_PORT" -c "SELECT count(*) FILTER (WHERE label = 'before-T') || ' ' || count(*) FILTER (WHERE label = 'after-T') FROM marks")
ok=$(psql_at "$PG_PORT" -c "SELECT (SELECT sum(abalance) FROM pgbench_accounts) = (SELECT coalesce(sum(delta), 0) FROM pgbench_history)
                    AND (SELECT sum(tbalance) FROM pgbench_tellers) = (SELECT coalesce(sum(delta), 0) FROM pgbench_history)
                    AND (SELECT sum(bbalance) FROM pgbench_branches) = (SELECT coalesce(sum(delta), 0) FROM pgbench_history)")
[[ $marks == "1 0" ]] || die "PITR: markers before-T/after-T = '$marks', expected '1 0'"
[[ $ok == t ]] || die "PITR: TPC-B balances do not add up"
psql_at "$PG_PORT" -c "INSERT INTO marks(label) VALUES ('first-write-after-restore')"
put arca_pg_verify "OK (before-T present, after-T absent, balances consistent, writable)"
as_pg "$PGBIN/pg_ctl" -D "$BASE/pg/data" -m fast -w stop >/dev/null

# ------------------------------------------------------------------- RPO --
log "==== RPO: a commit every 50 ms, then SIGKILL of PostgreSQL and arca stream together ===="
pg_cluster "$BASE/rpo" "$PG_PORT"
psql_at "$PG_PORT" -c "CREATE TABLE tick (id serial PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp())"
plan_for "$BASE/rpo.yaml" "$BASE/rpo-repo" postgres "$PG_PORT" postgres
arca init -r "$BASE/rpo-repo" >/dev/null
"$ROOT/arca" stream --plan "$BASE/rpo.yaml" --spool "$BASE/rpo-spool" 2>"$BASE/rpo-stream.log" & STREAM=$!; PIDS+=("$STREAM")
for i in $(seq 300); do grep -q 'streaming WAL' "$BASE/rpo-stream.log" && break; sleep 0.1; done
arca backup --plan "$BASE/rpo.yaml" >/dev/null
# The writer prints each row after its commit was acknowledged: that file is what the clients saw committed.
( while true; do echo "INSERT INTO tick DEFAULT VALUES RETURNING id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"');"; sleep 0.05; done ) \
  | "$PGBIN/psql" -X -q -At -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres >"$BASE/acknowledged.txt" 2>/dev/null & WRITER=$!; PIDS+=("$WRITER")
sleep 10
PGPID=$(head -n1 "$BASE/rpo/data/postmaster.pid")
kill -9 "$PGPID" "$STREAM" $(pgrep -f "pg_receivewal.*rpo-spool" || true)
pkill -9 -P "$PGPID" 2>/dev/null || true
sleep 0.5; kill "$WRITER" 2>/dev/null || true
last_ack=$(grep '|' "$BASE/acknowledged.txt" | tail -n1)
put rpo_rows_acknowledged "${last_ack%%|*}"
rm -rf "$BASE/rpo/data.crashed"; mv "$BASE/rpo/data" "$BASE/rpo/data.crashed"
arca restore --plan "$BASE/rpo.yaml" --system bench --source db --at latest --target-dir "$BASE/rpo/data" \
  --target-url "postgres://127.0.0.1:$RESTORE_PORT" >"$BASE/rpo-restore.log" 2>&1 || die "RPO restore failed: $(cat "$BASE/rpo-restore.log")"
last_restored=$(psql_at "$RESTORE_PORT" -c "SELECT id || '|' || to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM tick ORDER BY id DESC LIMIT 1")
put rpo_rows_restored "${last_restored%%|*}"
lost=$(python3 -c "
from datetime import datetime
a=datetime.fromisoformat('${last_ack#*|}'.replace('Z','+00:00')); r=datetime.fromisoformat('${last_restored#*|}'.replace('Z','+00:00'))
print(f'{max(0.0,(a-r).total_seconds()):.2f}')")
put arca_pg_rpo_lost_s "$lost"
as_pg "$PGBIN/pg_ctl" -D "$BASE/rpo/data" -m fast -w stop >/dev/null
fi

# --------------------------------------------------------------- MariaDB --
# The anchor's own MariaDB functions (same my.cnf, data set, tpcb workload, markers and checks), loaded
# from db_anchor.sh without running its main, in a subshell with its own base directory.
log "==== Arca + MariaDB: dump, physical backup, binlog streaming and PITR (scale $PG_SCALE) ===="
MY_RESULTS=$BASE/mariadb-results.txt
(
  export DBANCHOR_BASE=$BASE/my-anchorlib
  # shellcheck disable=SC1090
  source <(sed -e '/^main "\$@"$/d' "$SHARED/db_anchor.sh")
  trap - ERR   # keep its EXIT trap: it stops the servers it started
  rm -rf "$BASE/my-anchorlib"; mkdir -p "$LOG/my" "$MY_SRC/binlog" "$MY_RST"
  chown -R mysql:mysql "$MY_HOME" "$LOG/my"
  write_my_cnf "$MY_SRC" yes
  write_my_cnf "$MY_RST" no
  sed -i "s/^port .*/port                    = $((MY_PORT + 1))/" "$MY_RST/my.cnf"
  cnf=$MY_SRC/my.cnf rcnf=$MY_RST/my.cnf
  # Arca reaches servers over TCP, as it would a remote one; the anchor's root is socket-only.
  tcp_root() { my "$1" -e "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1'; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION"; }
  my_fresh_instance "$MY_SRC"; SRC_PID=$MY_PID; tcp_root "$cnf"
  my_load_data "$cnf" >/dev/null
  my_flush_dirty_pages "$cnf" >/dev/null
  plan_for "$BASE/my.yaml" "$BASE/my-repo" mariadb "$MY_PORT" root
  # The same source backed up physically: same repository and stream, so one binlog stream serves both.
  sed -e 's/logs: stream}/logs: stream, method: physical}/' "$BASE/my.yaml" >"$BASE/my-physical.yaml"
  "$ROOT/arca" init -r "$BASE/my-repo" >/dev/null
  "$ROOT/arca" stream --plan "$BASE/my.yaml" --spool "$BASE/my-spool" 2>"$BASE/my-stream.log" & STREAM=$!
  t0=$(now); "$ROOT/arca" backup --plan "$BASE/my.yaml" >"$BASE/my-backup.log" 2>&1 || die "arca backup (mariadb) failed: $(cat "$BASE/my-backup.log")"
  echo "arca_my_dump_backup_s: $(secs "$t0" "$(now)")" >>"$MY_RESULTS"
  t0=$(now); "$ROOT/arca" backup --plan "$BASE/my-physical.yaml" >"$BASE/my-physical-backup.log" 2>&1 \
    || die "arca backup (mariadb, physical) failed: $(cat "$BASE/my-physical-backup.log")"
  echo "arca_my_physical_backup_s: $(secs "$t0" "$(now)")" >>"$MY_RESULTS"
  pids=()
  for ((c = 0; c < CLIENTS; c++)); do
    mariadb --defaults-file="$cnf" anchor -e "CALL tpcb($WORKLOAD_SECS, $PG_SCALE)" >>"$BASE/my-workload.log" 2>&1 & pids+=("$!")
  done
  sleep $((WORKLOAD_SECS / 2))
  my "$cnf" anchor -e "INSERT INTO marks(label) VALUES ('before-T')"
  t_epoch=$(($(date +%s) + 1)); MY_T=$(date -u -d "@$t_epoch" '+%Y-%m-%dT%H:%M:%SZ')
  while (($(date +%s) < t_epoch + 1)); do sleep 0.1; done
  my "$cnf" anchor -e "INSERT INTO marks(label) VALUES ('after-T')"
  for c in "${pids[@]}"; do wait "$c"; done
  echo "my_T: $MY_T" >>"$MY_RESULTS"
  echo "my_history_rows_at_end: $(my "$cnf" anchor -e "SELECT COUNT(*) FROM history")" >>"$MY_RESULTS"
  sleep 3
  kill -TERM "$STREAM"; wait "$STREAM" || true
  echo "arca_my_repo_total_mib: $(mib "$BASE/my-repo")" >>"$MY_RESULTS"
  my_stop
  my_fresh_instance "$MY_RST"; tcp_root "$rcnf"
  t0=$(now)
  "$ROOT/arca" restore --plan "$BASE/my.yaml" --system bench --source db --at "$MY_T" \
    --target-url "mariadb://root@127.0.0.1:$((MY_PORT + 1))" >"$BASE/my-restore.log" 2>&1 || die "arca restore (mariadb) failed: $(cat "$BASE/my-restore.log")"
  echo "arca_my_pitr_total_s: $(secs "$t0" "$(now)")" >>"$MY_RESULTS"
  MY_T_ISO=$MY_T; MY_T=${MY_T/T/ }; MY_T=${MY_T%Z}
  my_verify "$rcnf" arca_my_pitr >/dev/null 2>&1 || die "MariaDB PITR verification failed (markers or balances)"
  echo "arca_my_verify: OK (before-T present, after-T absent, balances consistent, writable)" >>"$MY_RESULTS"
  my_stop

  # PITR from the physical backup into the restore instance's (new) data directory, then started:
  # the total is until the restored server answers, as the anchor's physical PITR total is.
  rm -rf "$MY_RST/data"
  t0=$(now)
  "$ROOT/arca" restore --plan "$BASE/my-physical.yaml" --system bench --source db --at "$MY_T_ISO" \
    --target-dir "$MY_RST/data" >"$BASE/my-physical-restore.log" 2>&1 \
    || die "arca restore (mariadb, physical) failed: $(cat "$BASE/my-physical-restore.log")"
  echo "arca_my_physical_restore_s: $(secs "$t0" "$(now)")" >>"$MY_RESULTS"
  my_start "$rcnf"
  echo "arca_my_physical_pitr_total_s: $(secs "$t0" "$(now)")" >>"$MY_RESULTS"
  my_verify "$rcnf" arca_my_physical_pitr >/dev/null 2>&1 || die "MariaDB physical PITR verification failed (markers or balances)"
  echo "arca_my_physical_verify: OK (before-T present, after-T absent, balances consistent, writable)" >>"$MY_RESULTS"
  my_stop

  # RPO: a commit every 50 ms into a fresh source, then SIGKILL of mariadbd and arca stream together.
  RPO=$MY_HOME/rpo; mkdir -p "$RPO/binlog"; chown -R mysql:mysql "$RPO"
  write_my_cnf "$RPO" yes; rpcnf=$RPO/my.cnf
  my_fresh_instance "$RPO"; tcp_root "$rpcnf"; RPO_PID=$MY_PID
  my "$rpcnf" -e "CREATE DATABASE rpo; CREATE TABLE rpo.tick (id INT AUTO_INCREMENT PRIMARY KEY, at DATETIME(6) NOT NULL)"
  sed -e "s#$BASE/my-repo#$BASE/my-rpo-repo#" "$BASE/my.yaml" >"$BASE/my-rpo.yaml"
  "$ROOT/arca" init -r "$BASE/my-rpo-repo" >/dev/null
  "$ROOT/arca" stream --plan "$BASE/my-rpo.yaml" --spool "$BASE/my-rpo-spool" 2>"$BASE/my-rpo-stream.log" & STREAM=$!
  sleep 3
  "$ROOT/arca" backup --plan "$BASE/my-rpo.yaml" >/dev/null
  # Each row is printed once its INSERT was acknowledged: what the clients saw committed.
  ( while true; do echo "INSERT INTO rpo.tick (at) VALUES (NOW(6)); SELECT id, at FROM rpo.tick WHERE id = LAST_INSERT_ID();"
      sleep 0.05; done ) | mariadb --defaults-file="$rpcnf" -N -B --unbuffered >"$BASE/my-ack.txt" 2>/dev/null & WRITER=$!
  sleep 10
  kill -9 "$RPO_PID" "$STREAM" $(pgrep -f "my-rpo-spool" || true) 2>/dev/null || true
  sleep 0.5; kill "$WRITER" 2>/dev/null || true
  last_ack=$(grep -P '^[0-9]+\t' "$BASE/my-ack.txt" | tail -n1)
  rm -rf "$MY_RST/data"; my_fresh_instance "$MY_RST"; tcp_root "$rcnf"
  "$ROOT/arca" restore --plan "$BASE/my-rpo.yaml" --system bench --source db --at latest \
    --target-url "mariadb://root@127.0.0.1:$((MY_PORT + 1))" >"$BASE/my-rpo-restore.log" 2>&1 \
    || die "RPO restore (mariadb) failed: $(cat "$BASE/my-rpo-restore.log")"
  last_restored=$(my "$rcnf" -e "SELECT id, at FROM rpo.tick ORDER BY id DESC LIMIT 1")
  echo "rpo_my_rows_acknowledged: ${last_ack%%$'\t'*}" >>"$MY_RESULTS"
  echo "rpo_my_rows_restored: ${last_restored%%$'\t'*}" >>"$MY_RESULTS"
  echo "arca_my_rpo_lost_s: $(python3 -c "
from datetime import datetime
a=datetime.fromisoformat('${last_ack#*$'\t'}'); r=datetime.fromisoformat('${last_restored#*$'\t'}')
print(f'{max(0.0,(a-r).total_seconds()):.2f}')")" >>"$MY_RESULTS"
  my_stop
)
[[ -s $MY_RESULTS ]] && while IFS= read -r line; do put "${line%%: *}" "${line#*: }"; done <"$MY_RESULTS"

# ratio LABEL ARCA_NAME ANCHOR_NAME: Arca's figure over the anchor's, when both were measured
ratio() {
  local a b
  a=$(printf '%s\n' "${RESULTS[@]}" | awk -F': ' -v n="$2" '$1 == n { print $2 }')
  b=$(awk -F': ' -v n="$3" '$1 == n { print $2 }' /tmp/dbanchor/summary.txt)
  if [[ -n $a && -n $b ]]; then awk -v l="$1" -v a="$a" -v b="$b" 'BEGIN { printf "%s: %.2f\n", l, a / b }'; fi
}
{
  echo "==================== Arca db-bench summary ===================="
  echo "# $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); scale=$PG_SCALE clients=$CLIENTS workload=${WORKLOAD_SECS}s"
  printf '%s\n' "${RESULTS[@]}"
  if [[ $ANCHOR == yes ]]; then
    echo "---- stock tools (db_anchor.sh, same invocation)"
    grep -E '^(pg_backup_full|pg_restore_files|pg_start_recover_promote|pg_pitr_total|pg_verify|my_[a-z_]*total|my_dump_zstd|my_backup|my_prepare|my_pitr_logical_binlog_replay|my_pitr_physical_binlog_replay):' /tmp/dbanchor/summary.txt
    echo "---- ratios (Arca / stock tools; below 1.00 means Arca is faster)"
    ratio "pg full backup" arca_pg_backup_full_s pg_backup_full
    ratio "pg PITR restore" arca_pg_pitr_total_s pg_pitr_total
    ratio "mariadb dump backup (vs mariadb-dump | zstd)" arca_my_dump_backup_s my_dump_zstd
    ratio "mariadb PITR from dump" arca_my_pitr_total_s my_pitr_logical_total
    ratio "mariadb physical backup (vs mariadb-backup to a directory)" arca_my_physical_backup_s my_backup
    ratio "mariadb PITR from physical backup (vs copy-back + mariadb-binlog replay; goal <= 0.50)" \
      arca_my_physical_pitr_total_s my_pitr_physical_total
    ratio "mariadb PITR from physical backup (vs dump load + mariadb-binlog replay; goal <= 0.50)" \
      arca_my_physical_pitr_total_s my_pitr_logical_total
  fi
  true
} | tee "$BASE/summary.txt"
