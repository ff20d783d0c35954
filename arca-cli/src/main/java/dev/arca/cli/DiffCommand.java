package dev.arca.cli;

import dev.arca.repository.Repository;
import dev.arca.repository.snapshot.Snapshot;
import dev.arca.repository.tree.Node;
import dev.arca.repository.tree.TreeWalker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code arca diff -r REPO SNAP1 SNAP2}: what was added, removed and changed between two snapshots. */
@Command(name = "diff", description = "Show what changed between two snapshots (+ added, - removed, M modified, T type changed).")
final class DiffCommand implements Callable<Integer> {
    @ParentCommand
    Arca arca;

    @Mixin
    RepoOptions repo;

    @Parameters(index = "0", paramLabel = "SNAPSHOT1")
    String first;

    @Parameters(index = "1", paramLabel = "SNAPSHOT2")
    String second;

    @Override
    public Integer call() throws Exception {
        Map<String, Node> a;
        Map<String, Node> b;
        try (Repository r = repo.open(arca)) {
            a = files(r, r.snapshots().find(first, null));
            b = files(r, r.snapshots().find(second, null));
        }
        List<Map<String, String>> changes = new ArrayList<>();
        TreeMap<String, Boolean> all = new TreeMap<>();
        a.keySet().forEach(k -> all.put(k, true));
        b.keySet().forEach(k -> all.put(k, true));
        int added = 0;
        int removed = 0;
        int modified = 0;
        for (String p : all.keySet()) {
            Node x = a.get(p);
            Node y = b.get(p);
            String mark;
            if (x == null) {
                mark = "+";
                added++;
            } else if (y == null) {
                mark = "-";
                removed++;
            } else if (x.type() != y.type()) {
                mark = "T";
                modified++;
            } else if (!Objects.equals(x.content(), y.content()) || !Objects.equals(x.displayLinkTarget(), y.displayLinkTarget())
                    || x.mode() != y.mode() || x.uid() != y.uid() || x.gid() != y.gid() || !Objects.equals(x.xattrs(), y.xattrs())) {
                mark = "M";
                modified++;
            } else {
                continue;
            }
            Map<String, String> c = new LinkedHashMap<>();
            c.put("change", mark);
            c.put("path", p);
            changes.add(c);
        }
        if (repo.json) {
            arca.out.println(JsonOutput.write(Map.of("changes", changes, "added", added, "removed", removed, "modified", modified)));
        } else {
            changes.forEach(c -> arca.out.println(c.get("change") + " " + c.get("path")));
            arca.out.printf("%d added, %d removed, %d modified%n", added, removed, modified);
        }
        return ExitCode.OK;
    }

    private static Map<String, Node> files(Repository r, Snapshot s) throws java.io.IOException {
        Map<String, Node> out = new TreeMap<>();
        new TreeWalker(r).walk(s.tree(), (p, n) -> {
            if (n.type() != Node.Type.DIR) {
                out.put(p, n);
            }
            return true;
        });
        return out;
    }
}
