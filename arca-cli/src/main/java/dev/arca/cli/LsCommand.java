package dev.arca.cli;

import dev.arca.repository.Repository;
import dev.arca.repository.snapshot.Snapshot;
import dev.arca.repository.tree.Node;
import dev.arca.repository.tree.TreeWalker;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code arca ls -r REPO SNAPSHOT [PATH]}: the files in a snapshot, optionally below one path. */
@Command(name = "ls", description = "List the files in a snapshot.")
final class LsCommand implements Callable<Integer> {
    @ParentCommand
    Arca arca;

    @Mixin
    RepoOptions repo;

    @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "Snapshot id (prefix) or 'latest'.")
    String snapshot;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "Only list this path and what is below it.")
    String path;

    @Override
    public Integer call() throws Exception {
        // Typed with bytes that are not UTF-8, the path is matched in the form this command shows it.
        String given = path == null ? null : ArgumentBytes.shown(path);
        String under = given == null ? "" : (given.endsWith("/") && given.length() > 1 ? given.substring(0, given.length() - 1) : given);
        List<Map<String, Object>> json = new ArrayList<>();
        int[] count = {0};
        try (Repository r = repo.open(arca)) {
            Snapshot s = r.snapshots().find(snapshot, null);
            new TreeWalker(r).walk(s.tree(), (p, n) -> {
                boolean inside = under.isEmpty() || p.equals(under) || p.startsWith(under + "/");
                boolean above = under.startsWith(p + "/");
                if (inside) {
                    count[0]++;
                    if (repo.json) {
                        json.add(entry(p, n));
                    } else {
                        arca.out.println(line(p, n));
                    }
                }
                return inside || above;
            });
        }
        if (repo.json) {
            arca.out.println(JsonOutput.write(json));
        } else if (count[0] == 0 && !under.isEmpty()) {
            throw new CliException(ExitCode.FAILURE, "'" + under + "' is not in snapshot " + snapshot, "'arca ls " + snapshot + "' lists what is");
        }
        return ExitCode.OK;
    }

    static String line(String p, Node n) {
        String target = n.type() == Node.Type.SYMLINK ? " -> " + n.displayLinkTarget() : "";
        return String.format("%s %-8s %-8s %12d %s %s%s", mode(n), n.user(), n.group(), n.size(),
                SnapshotsCommand.TIME.format(n.mtime().atZone(ZoneId.systemDefault())), p, target);
    }

    static String mode(Node n) {
        char t = switch (n.type()) {
            case DIR -> 'd';
            case SYMLINK -> 'l';
            case FIFO -> 'p';
            case DEVICE -> 'b';
            case CHARDEV -> 'c';
            case SOCKET -> 's';
            case FILE -> '-';
        };
        StringBuilder b = new StringBuilder().append(t);
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            b.append((n.mode() & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
        }
        // As ls -l shows them: setuid, setgid and sticky take the place of their class's x, in lower case
        // when x is set too.
        special(b, n.mode(), 04000, 3, 's');
        special(b, n.mode(), 02000, 6, 's');
        special(b, n.mode(), 01000, 9, 't');
        return b.toString();
    }

    private static void special(StringBuilder b, int mode, int bit, int at, char letter) {
        if ((mode & bit) != 0) {
            b.setCharAt(at, b.charAt(at) == 'x' ? letter : Character.toUpperCase(letter));
        }
    }

    private static Map<String, Object> entry(String p, Node n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", p);
        m.put("type", n.type().name().toLowerCase(java.util.Locale.ROOT));
        m.put("mode", String.format("%04o", n.mode()));
        m.put("user", n.user());
        m.put("group", n.group());
        m.put("size", n.size());
        m.put("mtime", n.mtime());
        if (n.linkTarget() != null) {
            m.put("link_target", n.displayLinkTarget());
        }
        return m;
    }
}
