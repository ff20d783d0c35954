# Sourced by ./arca, ./run-tests and .ci/run: sets ARCA_JAVA_HOME to a JDK of version 21 or later.
# Order: $JAVA_HOME, then `java` on PATH, then the JDKs installed system-wide (newest first).
# Every arca command runs this, so it uses bash built-ins where it can and looks further only when
# it must: the external tools it once called (dirname, awk, cut, ls, sort) cost each command 20 ms.

arca_java_major() {
    # Sets REPLY to the major version of the java binary $1 (8 for 1.8, 17 for 17.0.15, ...). The JDK's
    # release file says it without starting a JVM, which costs 40 ms per JDK tried; REPLY rather than
    # output, because capturing output forks the shell (3-4 ms per JDK on a machine where forks are dear).
    local v="" line release="${1%/bin/java}/release"
    if [ -r "$release" ]; then
        while IFS= read -r line; do
            case "$line" in
                JAVA_VERSION=*) v=${line#JAVA_VERSION=}; v=${v//\"/}; break ;;
            esac
        done <"$release"
    fi
    [ -n "$v" ] || v=$("$1" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')
    case "$v" in
        1.*) v=${v#1.}; REPLY=${v%%.*} ;;
        *) v=${v%%.*}; REPLY=${v%%-*} ;;
    esac
}

# Sets ARCA_JAVA_HOME and ARCA_JAVA_MAJOR when $1 holds a JDK of version 21 or later.
arca_take_jdk() {
    local major
    [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
    arca_java_major "$1/bin/java"
    major=$REPLY
    [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null || return 1
    ARCA_JAVA_HOME="$1"
    ARCA_JAVA_MAJOR="$major"
}

# Takes the newest JDK (by major version) among the directories given, when it is 21 or later.
arca_take_newest_jdk() {
    local c best="" best_major=0 major
    for c in "$@"; do
        c=${c%/}
        [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
        arca_java_major "$c/bin/java"
        major=$REPLY
        if [ -n "$major" ] && [ "$major" -gt "$best_major" ] 2>/dev/null; then
            best=$c
            best_major=$major
        fi
    done
    [ "$best_major" -ge 21 ] || return 1
    ARCA_JAVA_HOME="$best"
    ARCA_JAVA_MAJOR="$best_major"
}

# Sets REPLY to the first executable java on PATH, as 'command -v' would find it, without a fork.
arca_path_java() {
    local d dirs
    IFS=: read -r -a dirs <<<"$PATH:" # read drops one empty last field; an empty field means .
    for d in "${dirs[@]}"; do
        [ -f "${d:-.}/java" ] && [ -x "${d:-.}/java" ] && { REPLY=${d:-.}/java; return 0; }
    done
    return 1
}

arca_find_jdk() {
    local java
    [ -n "${JAVA_HOME:-}" ] && arca_take_jdk "${JAVA_HOME%/}" && return 0
    # 'exec' spares the command substitution its second fork.
    if arca_path_java && java=$(exec readlink -f "$REPLY") && arca_take_jdk "${java%/bin/java}"; then
        return 0
    fi
    # A pattern that matches nothing stays as it is and fails the -x test.
    arca_take_newest_jdk /usr/lib/jvm/*/ /opt/java/*/ /opt/jdk*/ /usr/local/lib/jvm/*/ && return 0
    echo "arca: no JDK 21 or later found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm); install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+, or set JAVA_HOME to it" >&2
    return 1
}
