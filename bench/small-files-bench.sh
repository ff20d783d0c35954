#!/usr/bin/env bash
# Restores of many small files: Arca against restic, in alternation. What a restore costs per file
# (creating it, opening it, its owner, mode and times) rather than per byte.
#
#   bench/small-files-bench.sh [--rounds N] [--work DIR]
#
# Makes 20,000 text files of 1-16 KB in 100 directories (fixed seed, about 220 MB), backs them up
# once with each tool, then restores them N times (default 3) with each tool in turn into a new
# directory, printing wall, user and system seconds and peak RSS per restore. ARCA=PATH runs another
# build of the launcher (a worktree of an older commit, say) for a before/after comparison.
#
#   bench/small-files-bench.sh --backups [--rounds N]
#
# backs up the unchanged files again N times with each tool in turn instead: an incremental backup
# where nothing changed, the cost per file of comparing it with the parent snapshot. In either mode
# ARCA_B=PATH adds a second Arca launcher to the turns (arca-b; arca is ARCA or this clone's), to judge
# a change.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/bench/lib.sh"
rounds=3
mode=restore
work="$ROOT/bench/work/small"
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds=$2; shift 2 ;;
        --work) work=$2; shift 2 ;;
        --backups) mode=backup; shift ;;
        *) die "unknown option '$1'; expected --rounds N, --work DIR or --backups" ;;
    esac
done
arca=${ARCA:-$ROOT/arca}
command -v restic >/dev/null || die "restic is missing: apt-get install -y restic"
[ -x /usr/bin/time ] || die "GNU time is missing: apt-get install -y time"
export ARCA_PASSWORD=${ARCA_PASSWORD:-arca-bench-password} RESTIC_PASSWORD=${RESTIC_PASSWORD:-arca-bench-password}

data="$work/data"
if [ ! -f "$work/data.ok" ]; then
    log "making 20,000 small files in $data"
    rm -rf "$data"
    python3 - "$data" <<'EOF'
import os, random, sys
random.seed(1)
words = [b'ticket', b'user', b'login', b'error', b'report', b'workflow', b'kb', b'article',
         b'status', b'open', b'closed', b'priority']
root = sys.argv[1]
for d in range(100):
    os.makedirs(f'{root}/d{d:03}')
    for f in range(200):
        n = random.randint(1000, 16000)
        body = b' '.join(random.choice(words) for _ in range(n // 6)) + random.randbytes(64).hex().encode()
        with open(f'{root}/d{d:03}/f{f:04}.txt', 'wb') as out:
            out.write(body)
EOF
    touch "$work/data.ok"
fi
rm -rf "$work/arca-repo" "$work/restic-repo" "$work/restore"
"$arca" init -r "$work/arca-repo" >/dev/null
"$arca" backup -r "$work/arca-repo" "$data" >/dev/null
restic init -q -r "$work/restic-repo" >/dev/null
restic -q -r "$work/restic-repo" backup "$data" >/dev/null
"$arca" --version >/dev/null
[ -z "${ARCA_B:-}" ] || "$ARCA_B" --version >/dev/null

tools=(arca restic)
[ -z "${ARCA_B:-}" ] || tools=(arca arca-b restic)
printf '%-6s %-7s %8s %8s %8s %10s\n' round tool wall_s user_s sys_s rss_mib
for round in $(seq "$rounds"); do
    for tool in "${tools[@]}"; do
        case "$mode:$tool" in
            backup:arca) cmd=("$arca" backup -r "$work/arca-repo" "$data") ;;
            backup:arca-b) cmd=("$ARCA_B" backup -r "$work/arca-repo" "$data") ;;
            backup:restic) cmd=(restic -q -r "$work/restic-repo" backup "$data") ;;
            restore:arca) cmd=("$arca" restore -r "$work/arca-repo" latest --target "$work/restore") ;;
            restore:arca-b) cmd=("$ARCA_B" restore -r "$work/arca-repo" latest --target "$work/restore") ;;
            restore:restic) cmd=(restic -q -r "$work/restic-repo" restore latest --target "$work/restore") ;;
        esac
        rm -rf "$work/restore"
        row=$(measure "$work/$tool.log" "${cmd[@]}") || die "$tool $mode failed; its output is in $work/$tool.log"
        if [ "$mode" = restore ]; then
            files=$(find "$work/restore" -type f | wc -l)
            [ "$files" -eq 20000 ] || die "$tool restored $files files, expected 20000"
        fi
        read -r wall user sys rss <<<"$row"
        printf '%-6s %-7s %8s %8s %8s %10s\n' "$round" "$tool" "$wall" "$user" "$sys" "$rss"
    done
done
rm -rf "$work/restore"
