#!/usr/bin/env bash
# SHA-256 with the SHA instructions, one message at a time against two interleaved, and OpenSSL's: the
# ceiling for hashing Arca's blob ids on this CPU (docs/BENCHMARKS.md, "a seventeenth machine"). Prints
# MB/s of each after checking both ways against OpenSSL. Needs gcc, libssl-dev and an x86-64 CPU with
# the SHA extensions (grep sha_ni /proc/cpuinfo).
#
#   bench/sha-lanes.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/bench/lib.sh"
grep -qw sha_ni /proc/cpuinfo || die "this CPU has no SHA instructions (sha_ni)"
command -v gcc >/dev/null 2>&1 || die "gcc is needed (apt-get install gcc)"
[ -f /usr/include/openssl/sha.h ] || die "OpenSSL's headers are needed (apt-get install libssl-dev)"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
gcc -O2 -msha -msse4.1 -mssse3 -Wno-deprecated-declarations -o "$out/sha-lanes" "$ROOT/bench/sha-lanes.c" -lcrypto
"$out/sha-lanes"
