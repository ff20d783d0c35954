#!/usr/bin/env bash
#
# copy-bench.sh - Arca's `copy` to an S3-compatible server and to an SFTP server, both on loopback,
# against a plain upload of the same repository bytes by the same client in the same run:
#   S3:   PlainUpload.java (AWS SDK v2, Apache HTTP client, as the S3 driver) vs `arca copy`
#   SFTP: OpenSSH `sftp -b` (`put -r`) vs `arca copy`
# The source is an Arca repository of the standard data set (../shared/bench/gen_dataset.py, as
# files-bench.sh makes it in bench/work/dataset-base). The S3 server is Adobe S3Mock (the tests' server),
# the SFTP server Debian's OpenSSH sshd with a throwaway host key, both started and stopped here.
#
# Usage (as root): bench/copy-bench.sh     knobs: ARCA_BENCH_BASE=/tmp/arca-copybench THREADS=8
#
set -Eeuo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BASE=${ARCA_BENCH_BASE:-/tmp/arca-copybench}
THREADS=${THREADS:-8}
DATASET=$ROOT/bench/work/dataset-base
export ARCA_PASSWORD=${ARCA_PASSWORD:-arca-bench-password} ARCA_FROM_PASSWORD=${ARCA_PASSWORD:-arca-bench-password}
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench-secret AWS_REGION=us-east-1
. "$ROOT/bench/lib.sh"
PIDS=()
cleanup() { local p; for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

SHARED=${ARCA_SHARED:-$ROOT/../shared/bench}
if [[ ! -f $ROOT/bench/work/dataset-base.ok ]]; then
  log "generating the standard data set into $DATASET with gen_dataset.py (files-bench.sh reuses it)"
  rm -rf "$DATASET"; mkdir -p "$ROOT/bench/work"
  python3 "$SHARED/gen_dataset.py" "$DATASET" >/dev/null || die "gen_dataset.py failed"
  printf 'gen_sha=%s\nfiles=%s\nbytes=%s\ncreated=%s\n' "$(sha256sum "$SHARED/gen_dataset.py" | cut -d' ' -f1)" \
    "$(find "$DATASET" -type f | wc -l)" "$(find "$DATASET" -type f -printf '%s\n' | awk '{s+=$1} END {printf "%d", s}')" \
    "$(date -u +%FT%TZ)" >"$ROOT/bench/work/dataset-base.ok"
fi
[[ $BASE == /tmp/?* ]] || die "ARCA_BENCH_BASE must be under /tmp (it is wiped)"
rm -rf "$BASE"; mkdir -p "$BASE"
"$ROOT/arca" --version >/dev/null
[[ -f arca-storage-s3/target/s3mock/s3mock.jar ]] || JAVA_HOME=$ARCA_JAVA_HOME mvn -q -o -pl arca-storage-s3 -am test-compile -DskipTests
. scripts/find-jdk.sh; arca_find_jdk
JAVA=$ARCA_JAVA_HOME/bin/java
CP="$ROOT/arca-cli/target/drivers/*"   # the very jars arca loads for s3://: AWS SDK, Apache HTTP client, slf4j-nop

log "source repository: backup of $DATASET"
"$ROOT/arca" init -r "$BASE/src" >/dev/null
"$ROOT/arca" backup -r "$BASE/src" "$DATASET" >/dev/null
put source_repository_mib "$(mib "$BASE/src")"
put source_files "$(find "$BASE/src" -type f | wc -l)"

# ------------------------------------------------------------------- S3 --
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$JAVA" -Xmx1g -jar arca-storage-s3/target/s3mock/s3mock.jar --com.adobe.testing.s3mock.http-port="$PORT" \
  --server.port=0 --com.adobe.testing.s3mock.store.root="$BASE/s3store" --com.adobe.testing.s3mock.store.initial-buckets=plain \
  --logging.level.root=WARN --spring.main.banner-mode=off >"$BASE/s3mock.log" 2>&1 & PIDS+=("$!")
for i in $(seq 600); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done
log "S3: plain upload of the repository with the AWS SDK ($THREADS threads)"
t0=$(now); "$JAVA" -cp "$CP" bench/PlainUpload.java "http://127.0.0.1:$PORT" plain repo "$BASE/src" "$THREADS" >"$BASE/plain-s3.log" 2>&1 \
  || die "plain upload failed: $(tail -5 "$BASE/plain-s3.log")"
put s3_plain_upload_s "$(secs "$t0" "$(now)")"
S3URL="s3://arca/copy?endpoint=http://127.0.0.1:$PORT&path-style=true"
"$ROOT/arca" init -r "$S3URL" --like "$BASE/src" >/dev/null
t0=$(now); "$ROOT/arca" copy --from "$BASE/src" --to "$S3URL" >"$BASE/copy-s3.log" 2>&1 || die "arca copy to S3 failed: $(tail -5 "$BASE/copy-s3.log")"
put s3_arca_copy_s "$(secs "$t0" "$(now)")"
"$ROOT/arca" check -r "$S3URL" >/dev/null || die "check of the S3 copy failed"
t0=$(now); "$ROOT/arca" copy --from "$BASE/src" --to "$S3URL" >/dev/null
put s3_arca_copy_again_s "$(secs "$t0" "$(now)")"
kill "${PIDS[-1]}" 2>/dev/null || true

# ----------------------------------------------------------------- SFTP --
SSH=$BASE/ssh; mkdir -p "$SSH" /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$SSH/host" ; ssh-keygen -q -t ed25519 -N '' -f "$SSH/user"
cp "$SSH/user.pub" "$SSH/authorized_keys"
SPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$SSH/sshd_config" <<CONF
ListenAddress 127.0.0.1
Port $SPORT
HostKey $SSH/host
AuthorizedKeysFile $SSH/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PermitRootLogin prohibit-password
PidFile $SSH/sshd.pid
Subsystem sftp internal-sftp
CONF
/usr/sbin/sshd -D -e -f "$SSH/sshd_config" 2>"$SSH/sshd.log" & PIDS+=("$!")
for i in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$SPORT") 2>/dev/null && break; sleep 0.1; done
echo "[127.0.0.1]:$SPORT $(cut -d' ' -f1,2 "$SSH/host.pub")" >"$SSH/known_hosts"
mkdir -p "$BASE/sftp-plain" "$BASE/sftp-arca"
log "SFTP: plain upload of the repository with OpenSSH sftp (put -r)"
t0=$(now); sftp -q -b - -i "$SSH/user" -o UserKnownHostsFile="$SSH/known_hosts" -P "$SPORT" "root@127.0.0.1" >/dev/null <<BATCH
put -r $BASE/src $BASE/sftp-plain/repo
BATCH
put sftp_plain_upload_s "$(secs "$t0" "$(now)")"
SFTPURL="sftp://root@127.0.0.1:$SPORT$BASE/sftp-arca/repo?identity=$SSH/user&known-hosts=$SSH/known_hosts"
"$ROOT/arca" init -r "$SFTPURL" --like "$BASE/src" >/dev/null
t0=$(now); "$ROOT/arca" copy --from "$BASE/src" --to "$SFTPURL" >"$BASE/copy-sftp.log" 2>&1 || die "arca copy to SFTP failed: $(tail -5 "$BASE/copy-sftp.log")"
put sftp_arca_copy_s "$(secs "$t0" "$(now)")"
"$ROOT/arca" check -r "$SFTPURL" >/dev/null || die "check of the SFTP copy failed"
put sftp_copy_mib "$(mib "$BASE/sftp-arca/repo")"

{
  echo "==================== Arca copy-bench summary ===================="
  echo "# $(nproc) cores; source repository of $DATASET; S3Mock and OpenSSH sshd on loopback; $THREADS upload threads for the SDK"
  printf '%s\n' "${RESULTS[@]}"
  r() { printf '%s\n' "${RESULTS[@]}" | awk -F': ' -v k="$1" '$1 == k { print $2 }'; }
  awk -v a="$(r s3_arca_copy_s)" -v b="$(r s3_plain_upload_s)" 'BEGIN { printf "ratio S3 (arca copy / plain SDK upload): %.2f  (goal <= 1.25)\n", a / b }'
  awk -v a="$(r sftp_arca_copy_s)" -v b="$(r sftp_plain_upload_s)" 'BEGIN { printf "ratio SFTP (arca copy / plain sftp put -r): %.2f  (goal <= 1.25)\n", a / b }'
} | tee "$BASE/summary.txt"
