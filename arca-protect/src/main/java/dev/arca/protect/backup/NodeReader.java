package dev.arca.protect.backup;

import dev.arca.protect.names.NameBytes;
import dev.arca.repository.tree.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Reads a directory entry's metadata (never following symlinks) into a {@link Node} without content. */
final class NodeReader {
    private static final String ATTRIBUTES = "unix:mode,uid,gid,ino,dev,rdev,nlink,ctime,size,lastModifiedTime,lastAccessTime";
    // The JDK looks names up anew for every file (getpwuid/getgrgid, which may read /etc/passwd each
    // time); a tree has few owners, so each id is looked up once per process.
    private static final Map<Integer, String> USERS = new ConcurrentHashMap<>();
    private static final Map<Integer, String> GROUPS = new ConcurrentHashMap<>();

    private NodeReader() {
    }

    /** @param nameRaw the name's bytes in base64 where they are not valid UTF-8 ({@link Node#nameRaw}) */
    static Node read(Path path, String name, String nameRaw) throws IOException {
        Optional<Statx.Attributes> fast = Statx.read(path);
        Node node = fast.isPresent() ? node(path, name, fast.get()) : viaJdk(path, name);
        return nameRaw == null ? node : node.withName(name, nameRaw);
    }

    static Node read(Path path, String name) throws IOException {
        return read(path, name, null);
    }

    private static Node node(Path path, String name, Statx.Attributes a) throws IOException {
        Node.Type type = type(a.mode());
        NameBytes.Stored target = target(type, path);
        return new Node(name, type, a.mode() & 07777, a.uid(), a.gid(), name(USERS, a.uid(), path, "unix:owner"),
                name(GROUPS, a.gid(), path, "unix:group"), a.mtime(), a.atime(), a.ctime(), a.inode(), a.device(),
                a.links(), type == Node.Type.FILE ? a.size() : 0, type == Node.Type.FILE ? List.of() : null, null,
                target.text(), null, target.raw(), null, deviceNumber(type, a.rdev()), null);
    }

    /** The JDK's way, where statx is not at hand or cannot name the file; also the one that names an error. */
    static Node viaJdk(Path path, String name) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        Node.Type type = type(mode);
        NameBytes.Stored target = target(type, path);
        long size = type == Node.Type.FILE ? (Long) a.get("size") : 0;
        int uid = (Integer) a.get("uid");
        int gid = (Integer) a.get("gid");
        return new Node(name, type, mode & 07777, uid, gid, name(USERS, uid, path, "unix:owner"),
                name(GROUPS, gid, path, "unix:group"),
                time(a.get("lastModifiedTime")), time(a.get("lastAccessTime")), time(a.get("ctime")),
                (Long) a.get("ino"), (Long) a.get("dev"), (Integer) a.get("nlink"), size,
                type == Node.Type.FILE ? List.of() : null, null, target.text(), null, target.raw(), null,
                deviceNumber(type, (Long) a.get("rdev")), null);
    }

    /** The device a block or character device stands for; none for other entries. */
    private static Long deviceNumber(Node.Type type, long rdev) {
        return type.isDevice() ? rdev : null;
    }

    private static final NameBytes.Stored NO_TARGET = new NameBytes.Stored(null, null, false);

    /** A symlink's target as a tree stores it: text, plus its bytes where they are not valid UTF-8. */
    private static NameBytes.Stored target(Node.Type type, Path path) throws IOException {
        return type == Node.Type.SYMLINK ? NameBytes.stored(Files.readSymbolicLink(path)) : NO_TARGET;
    }

    private static String name(Map<Integer, String> names, int id, Path path, String attribute) throws IOException {
        String known = names.get(id);
        if (known != null) {
            return known;
        }
        String looked = ((java.security.Principal) Files.getAttribute(path, attribute, LinkOption.NOFOLLOW_LINKS)).getName();
        names.put(id, looked);
        return looked;
    }

    private static Instant time(Object t) {
        return ((FileTime) t).toInstant();
    }

    static Node.Type type(int mode) {
        return switch (mode & 0170000) {
            case 0100000 -> Node.Type.FILE;
            case 0040000 -> Node.Type.DIR;
            case 0120000 -> Node.Type.SYMLINK;
            case 0010000 -> Node.Type.FIFO;
            case 0060000 -> Node.Type.DEVICE;
            case 0020000 -> Node.Type.CHARDEV;
            default -> Node.Type.SOCKET;
        };
    }

    static Node withContent(Node n, List<String> content, List<String> checks, long size) {
        return new Node(n.name(), n.type(), n.mode(), n.uid(), n.gid(), n.user(), n.group(), n.mtime(), n.atime(),
                n.ctime(), n.inode(), n.device(), n.links(), size, content, null, n.linkTarget(), n.nameRaw(),
                n.linkTargetRaw(), n.xattrs(), n.rdev(), checks);
    }

    static Node withSubtree(Node n, String subtree) {
        return new Node(n.name(), n.type(), n.mode(), n.uid(), n.gid(), n.user(), n.group(), n.mtime(), n.atime(),
                n.ctime(), n.inode(), n.device(), n.links(), 0, null, subtree, null, n.nameRaw(), null, n.xattrs(), n.rdev(), null);
    }
}
