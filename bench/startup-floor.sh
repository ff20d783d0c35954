#!/usr/bin/env bash
# What every arca command pays before its own work, part by part, on this machine:
#   - the launcher script alone: a copy of ./arca whose last line runs /bin/true instead of java;
#   - a JVM that only prints (the JDK the launcher picks, the serial collector, no start-up cache);
#   - libsodium's scrypt at the repository's parameters (N = 2^15, r = 8, p = 1), called from C, so that
#     neither the JVM nor the foreign-function linking is in it; with and without the launcher's
#     GLIBC_TUNABLES, with the page faults of four derivations;
#   - 'arca snapshots' of an empty repository through the launcher.
# Each line is perf stat's mean of ROUNDS runs (default 20). Needs gcc, libsodium23 and linux-perf.
#
#   bench/startup-floor.sh [ROUNDS]
# To compare launchers, copy this script into a worktree of another commit and run it there.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/bench/lib.sh"
rounds=${1:-20}
command -v perf >/dev/null || die "perf is missing (apt-get install linux-perf)"
command -v gcc >/dev/null || die "gcc is missing"
work="$ROOT/bench/work/startup-floor"
fresh_work "$work"   # which also builds the distribution and records its start-up cache
. "$ROOT/scripts/find-jdk.sh"
arca_find_jdk

mean() {   # LABEL command...: perf stat's mean elapsed time of ROUNDS runs
    local label=$1
    shift
    perf stat -r "$rounds" -o "$work/stat" "$@" >/dev/null 2>&1 || die "$label failed"
    awk -v l="$label" '/seconds time elapsed/ { printf "%-48s %7.1f ms +- %.1f\n", l, $1 * 1000, $3 * 1000 }' "$work/stat"
}

# The launcher's copy lives beside the real one, so that it finds the same distribution and JDK.
sed 's|^exec "\$ARCA_JAVA_HOME/bin/java".*|exec /bin/true|' "$ROOT/arca" >"$ROOT/.arca-launcher-only"
chmod +x "$ROOT/.arca-launcher-only"
trap 'rm -f "$ROOT/.arca-launcher-only"' EXIT
mean "launcher script, JAVA_HOME unset" env -u JAVA_HOME "$ROOT/.arca-launcher-only" snapshots
mean "launcher script, JAVA_HOME set" env JAVA_HOME="$ARCA_JAVA_HOME" "$ROOT/.arca-launcher-only" snapshots

cat >"$work/Hello.java" <<'EOF'
public class Hello { public static void main(String[] a) { System.out.println("hello"); } }
EOF
"$ARCA_JAVA_HOME/bin/javac" -d "$work" "$work/Hello.java"
mean "JVM printing one line (serial GC)" "$ARCA_JAVA_HOME/bin/java" -XX:+UseSerialGC -cp "$work" Hello

cat >"$work/scrypt.c" <<'EOF'
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
typedef int (*init_fn)(void);
typedef int (*scrypt_fn)(const uint8_t *, size_t, const uint8_t *, size_t, uint64_t, uint32_t, uint32_t,
                         uint8_t *, size_t);
int main(void) {
    void *lib = dlopen("libsodium.so.23", RTLD_NOW);
    if (!lib) { fprintf(stderr, "no libsodium.so.23\n"); return 1; }
    ((init_fn) dlsym(lib, "sodium_init"))();
    scrypt_fn scrypt = (scrypt_fn) dlsym(lib, "crypto_pwhash_scryptsalsa208sha256_ll");
    uint8_t key[64];
    for (int i = 0; i < 4; i++) {
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        if (scrypt((const uint8_t *) "password", 8, (const uint8_t *) "salt", 4, 1 << 15, 8, 1, key, 64) != 0) return 1;
        clock_gettime(CLOCK_MONOTONIC, &b);
        printf("%.1f ms\n", (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6);
    }
    return 0;
}
EOF
gcc -O2 -o "$work/scrypt" "$work/scrypt.c" -ldl
for tunables in "" "glibc.malloc.hugetlb=1"; do
    perf stat -e page-faults -o "$work/faults" env GLIBC_TUNABLES="$tunables" "$work/scrypt" >"$work/times" ||
        die "the scrypt program failed (is libsodium23 installed?)"
    printf '%-48s %s; %s page faults\n' "libsodium scrypt from C${tunables:+, $tunables}" \
        "$(paste -sd' ' "$work/times")" "$(awk '/page-faults/ { print $1 }' "$work/faults")"
done

export ARCA_PASSWORD=startup-floor
"$ROOT/arca" init -r "$work/repo" >/dev/null
mean "arca snapshots, empty repository" "$ROOT/arca" snapshots -r "$work/repo"
rm -rf "$work"
