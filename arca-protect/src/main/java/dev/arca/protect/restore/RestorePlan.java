package dev.arca.protect.restore;

import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.index.BlobIndex;
import dev.arca.repository.tree.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a restore will do, worked out before it writes anything: the entries to create, and
 * for file content, which pack ranges to read and where each blob goes. Planning first is what lets
 * the restore read each pack once and give exact totals from the start.
 */
final class RestorePlan {
    /** An entry of the snapshot: where it goes, its path in the snapshot (for messages), and its node. */
    record Entry(Path path, String name, Node node) {
    }

    /** A name that was a hard link to a file restored elsewhere in this plan. */
    record Link(Entry entry, FileTarget primary) {
    }

    private record Inode(long device, long inode) {
    }

    private final BlobIndex index;
    private final Problems problems;
    private final List<Entry> directories = new ArrayList<>();
    private final List<Entry> specials = new ArrayList<>();
    private final List<FileTarget> files = new ArrayList<>();
    private final List<Link> links = new ArrayList<>();
    private final Map<Inode, FileTarget> linked = new HashMap<>();
    private final Map<BlobId, BlobUse> uses = new HashMap<>();
    private final Map<String, List<BlobUse>> byPack = new LinkedHashMap<>();
    private long bytes;

    RestorePlan(BlobIndex index, Problems problems) {
        this.index = index;
        this.problems = problems;
    }

    void directory(Entry entry) {
        directories.add(entry);
    }

    /** A symlink or named pipe: no content, created while the structure is laid out. */
    void special(Entry entry) {
        specials.add(entry);
    }

    /**
     * A regular file. A name that shares inode and device with a file already planned becomes a hard
     * link to it — unless their content differs (the file changed between the two names being read),
     * since linking them would restore one name with the other's data.
     */
    void file(Entry entry) {
        Node node = entry.node();
        List<String> content = node.content() == null ? List.of() : node.content();
        Inode inode = node.links() > 1 && node.inode() != 0 ? new Inode(node.device(), node.inode()) : null;
        FileTarget primary = inode == null ? null : linked.get(inode);
        if (primary != null && content.equals(contentOf(primary))) {
            links.add(new Link(entry, primary));
            return;
        }
        FileTarget file = locate(entry, content);
        if (inode != null && primary == null) {
            linked.put(inode, file);
        }
    }

    private FileTarget locate(Entry entry, List<String> content) {
        List<BlobId> ids = new ArrayList<>(content.size());
        List<BlobIndex.Location> locations = new ArrayList<>(content.size());
        String missing = null;
        for (String hex : content) {
            try {
                BlobId id = BlobId.parse(hex);
                Optional<BlobIndex.Location> at = index.find(id);
                if (at.isEmpty()) {
                    missing = "blob " + hex + " is not in any index: the data it held is missing from the repository";
                    break;
                }
                ids.add(id);
                locations.add(at.get());
            } catch (IllegalArgumentException e) {
                missing = "the file's content list is corrupt: " + e.getMessage();
                break;
            }
        }
        if (missing != null) {
            FileTarget file = new FileTarget(entry, 0, 0);
            file.damage(missing);
            problems.damaged(entry.name(), missing);
            return file;
        }
        long size = 0;
        for (BlobIndex.Location at : locations) {
            size += at.rawLength();
        }
        FileTarget file = new FileTarget(entry, size, ids.size());
        long position = 0;
        for (int i = 0; i < ids.size(); i++) {
            BlobIndex.Location at = locations.get(i);
            use(ids.get(i), at).addTarget(file, position);
            position += at.rawLength();
        }
        files.add(file);
        bytes += size;
        return file;
    }

    private BlobUse use(BlobId id, BlobIndex.Location at) {
        BlobUse use = uses.get(id);
        if (use == null) {
            use = new BlobUse(id, at.offset(), at.length(), at.rawLength());
            uses.put(id, use);
            byPack.computeIfAbsent(at.pack(), pack -> new ArrayList<>()).add(use);
        }
        return use;
    }

    private static List<String> contentOf(FileTarget file) {
        List<String> content = file.entry.node().content();
        return content == null ? List.of() : content;
    }

    /** Directories, parents before children. */
    List<Entry> directories() {
        return directories;
    }

    List<Entry> specials() {
        return specials;
    }

    /** Every file to write, in snapshot order; empty ones included. */
    List<FileTarget> files() {
        return files;
    }

    List<Link> links() {
        return links;
    }

    /** Regular files the restore will produce, hard links included. */
    long fileCount() {
        return files.size() + links.size();
    }

    long bytes() {
        return bytes;
    }

    /**
     * The reads, packs in the order their first blob is needed. Snapshots store files in walk order,
     * so this restores files roughly front to back and keeps few of them half-written at a time.
     */
    List<PackRange> ranges() {
        List<PackRange> ranges = new ArrayList<>();
        byPack.forEach((pack, needed) -> ranges.addAll(PackRange.split(pack, needed)));
        return ranges;
    }
}
