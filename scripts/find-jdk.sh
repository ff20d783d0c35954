# Sourced by ./arca, ./run-tests and .ci/run: sets ARCA_JAVA_HOME to a JDK of version 21 or later.
# Order: $JAVA_HOME, then `java` on PATH, then the JDKs installed system-wide (newest first).

arca_java_major() {
    # Prints the major version of the java binary $1 (8 for 1.8, 17 for 17.0.15, ...). The JDK's
    # release file says it without starting a JVM, which costs every arca command 40 ms per JDK tried.
    local v release
    release="$(dirname "$(dirname "$1")")/release"
    [ -r "$release" ] && v=$(awk -F'"' '/^JAVA_VERSION=/ {print $2; exit}' "$release")
    [ -n "${v:-}" ] || v=$("$1" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')
    case "$v" in
        1.*) echo "${v#1.}" | cut -d. -f1 ;;
        *) echo "$v" | cut -d. -f1 | cut -d- -f1 ;;
    esac
}

arca_find_jdk() {
    local candidates=() c java major
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
    if command -v java >/dev/null 2>&1; then
        java=$(readlink -f "$(command -v java)")
        candidates+=("$(dirname "$(dirname "$java")")")
    fi
    for c in $(ls -d /usr/lib/jvm/*/ /opt/java/*/ /opt/jdk*/ /usr/local/lib/jvm/*/ 2>/dev/null | sort -rV); do
        candidates+=("${c%/}")
    done
    for c in "${candidates[@]}"; do
        [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
        major=$(arca_java_major "$c/bin/java")
        if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
            ARCA_JAVA_HOME="$c"
            ARCA_JAVA_MAJOR="$major"
            return 0
        fi
    done
    echo "arca: no JDK 21 or later found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm); install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+, or set JAVA_HOME to it" >&2
    return 1
}
