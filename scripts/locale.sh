# Sourced by ./arca: makes the JVM read file names as UTF-8 when no locale is set.
# The JVM turns file names' bytes into text with the character set of the locale (LC_ALL, else LC_CTYPE,
# else LANG). Under cron, systemd or `env -i` none is set: that is the C locale, whose character set is
# ASCII, and a name such as "été" then reaches Arca as "��t��" and is stored so in the snapshot. C.UTF-8
# is the C locale with UTF-8 characters. A locale that is set is left alone, whatever its character set
# (de_DE.ISO-8859-1 names are Latin-1 bytes on purpose). No command is run: forks are dear on some
# machines, and every arca command sources this.
arca_utf8_file_names() {
    case "${LC_ALL:-${LC_CTYPE:-${LANG:-}}}" in
        "" | C | POSIX) export LC_ALL=C.UTF-8 ;;
    esac
}
