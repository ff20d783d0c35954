#!/usr/bin/env bash
# What every arca command pays before its own work, part by part, on this machine:
#   - the launcher script alone: a copy of ./arca whose last line runs /bin/true instead of java;
#   - a JVM that only prints (the JDK the launcher picks, the serial collector, no start-up cache);
#   - scrypt at the repository's parameters (N = 2^15, r = 8, p = 1) by OpenSSL's libcrypto (which Arca
#     calls) and by libsodium (which it called before), from C, so that neither the JVM nor the
#     foreign-function linking is in it; with and without the launcher's GLIBC_TUNABLES: eight processes
#     of one derivation each (their milliseconds, sorted) and the page faults of one process;
#   - 'arca snapshots' of an empty repository through the launcher.
# The other lines are perf stat's mean of ROUNDS runs (default 20). Needs gcc, libssl3, libsodium23 and
# linux-perf.
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

# One derivation per process, as a command makes: the table's first touch is most of the cost on a virtual
# machine, and a second derivation in the same process would find libcrypto's (malloc'd) table touched.
cat >"$work/scrypt.c" <<'EOF'
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
typedef int (*init_fn)(void);
typedef int (*sodium_fn)(const uint8_t *, size_t, const uint8_t *, size_t, uint64_t, uint32_t, uint32_t,
                         uint8_t *, size_t);
typedef int (*openssl_fn)(const char *, size_t, const uint8_t *, size_t, uint64_t, uint64_t, uint64_t, uint64_t,
                          uint8_t *, size_t);
int main(int argc, char **argv) {
    int sodium = argc > 1 && strcmp(argv[1], "libsodium") == 0;
    const char *name = sodium ? "libsodium.so.23" : "libcrypto.so.3";
    void *lib = dlopen(name, RTLD_NOW);
    if (!lib) { fprintf(stderr, "no %s\n", name); return 1; }
    uint8_t key[64];
    struct timespec a, b;
    int ok;
    if (sodium) {
        ((init_fn) dlsym(lib, "sodium_init"))();
        sodium_fn scrypt = (sodium_fn) dlsym(lib, "crypto_pwhash_scryptsalsa208sha256_ll");
        clock_gettime(CLOCK_MONOTONIC, &a);
        ok = scrypt((const uint8_t *) "password", 8, (const uint8_t *) "salt", 4, 1 << 15, 8, 1, key, 64) == 0;
    } else {
        openssl_fn scrypt = (openssl_fn) dlsym(lib, "EVP_PBE_scrypt");
        clock_gettime(CLOCK_MONOTONIC, &a);
        ok = scrypt("password", 8, (const uint8_t *) "salt", 4, 1 << 15, 8, 1, UINT64_MAX, key, 64) == 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("%.1f\n", (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6);
    return ok ? 0 : 1;
}
EOF
gcc -O2 -o "$work/scrypt" "$work/scrypt.c" -ldl
for lib in libcrypto libsodium; do
    for tunables in "" "glibc.malloc.hugetlb=1"; do
        : >"$work/times"
        for i in $(seq 8); do
            env GLIBC_TUNABLES="$tunables" "$work/scrypt" "$lib" >>"$work/times" ||
                die "the $lib scrypt program failed (are libssl3 and libsodium23 installed?)"
        done
        perf stat -e page-faults -o "$work/faults" env GLIBC_TUNABLES="$tunables" "$work/scrypt" "$lib" >/dev/null
        printf '%-48s %s ms; %s page faults\n' "$lib scrypt from C${tunables:+, $tunables}" \
            "$(sort -n "$work/times" | paste -sd' ')" "$(awk '/page-faults/ { print $1 }' "$work/faults")"
    done
done

export ARCA_PASSWORD=startup-floor
"$ROOT/arca" init -r "$work/repo" >/dev/null
mean "arca snapshots, empty repository" "$ROOT/arca" snapshots -r "$work/repo"
rm -rf "$work"
