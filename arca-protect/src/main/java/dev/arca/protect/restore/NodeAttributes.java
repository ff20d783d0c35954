package dev.arca.protect.restore;

import dev.arca.protect.xattrs.ExtendedAttributes;
import dev.arca.repository.tree.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;

/**
 * Applies a node's owner, mode, extended attributes and times to a restored entry, never following a
 * symlink. The order matters: changing the owner clears setuid and setgid, and file capabilities
 * ({@code security.capability}), so the mode and the attributes come after it; an access ACL
 * ({@code system.posix_acl_access}) sets the group bits of the mode, so it comes after the mode, as it was
 * at backup time; and the times come last because setting the others changes none of them. A failure is a warning, not damage: the
 * content is right.
 *
 * <p>The JDK sets modes and times through a descriptor it opens on the entry, and opening a named
 * pipe blocks until the pipe has a reader and a writer: a pipe's attributes must be applied while the
 * caller holds it open for both (which Linux allows).
 */
final class NodeAttributes {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private final boolean owners;
    private final Problems problems;

    /** @param owners whether to restore owners, which only root may do */
    NodeAttributes(boolean owners, Problems problems) {
        this.owners = owners;
        this.problems = problems;
    }

    /** Whether this process runs as root: the owner of {@code /proc/self} is the effective user. */
    static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    void apply(RestorePlan.Entry entry) {
        Path path = entry.path();
        Node node = entry.node();
        if (owners) {
            try {
                Files.setAttribute(path, "unix:uid", node.uid(), NOFOLLOW);
                Files.setAttribute(path, "unix:gid", node.gid(), NOFOLLOW);
            } catch (IOException | UnsupportedOperationException e) {
                problems.warn(entry.name() + ": owner " + node.uid() + ":" + node.gid() + " not restored: " + Placement.reason(e));
            }
        }
        boolean device = node.type().isDevice();
        if (node.type() != Node.Type.SYMLINK) {
            try {
                // The JDK sets a mode without following a symlink through a descriptor; chmod(2) opens nothing,
                // and a device node just made is no symlink.
                if (device) {
                    Files.setAttribute(path, "unix:mode", node.mode() & 07777);
                } else {
                    Files.setAttribute(path, "unix:mode", node.mode() & 07777, NOFOLLOW);
                }
            } catch (IOException | UnsupportedOperationException e) {
                problems.warn(entry.name() + ": mode " + Integer.toOctalString(node.mode()) + " not restored: " + Placement.reason(e));
            }
        }
        if (node.xattrs() != null) {
            for (Node.Xattr x : node.xattrs()) {
                try {
                    ExtendedAttributes.write(path, x);
                } catch (IOException e) {
                    problems.warn(entry.name() + ": extended attribute '" + x.name() + "' not restored: " + e.getMessage()
                            + (ExtendedAttributes.unsupported(e)
                            ? "; HINT: restore to a file system that keeps extended attributes, such as ext4 or XFS" : ""));
                }
            }
        }
        if (node.mtime() != null && device) {
            deviceTimes(entry);
        } else if (node.mtime() != null) {
            try {
                Files.getFileAttributeView(path, BasicFileAttributeView.class, NOFOLLOW).setTimes(FileTime.from(node.mtime()),
                        node.atime() == null ? null : FileTime.from(node.atime()), null);
            } catch (IOException | UnsupportedOperationException e) {
                problems.warn(entry.name() + ": modification time not restored: " + e.getMessage());
            }
        }
    }

    /**
     * A device node's times, set by the {@code touch} command: the JDK sets times through a descriptor it
     * opens on the entry, and opening a device node opens the device (a tape drive rewinds when closed).
     */
    private void deviceTimes(RestorePlan.Entry entry) {
        Node node = entry.node();
        try {
            touch(entry.path(), "-m", node.mtime());
            if (node.atime() != null) {
                touch(entry.path(), "-a", node.atime());
            }
        } catch (IOException e) {
            problems.warn(entry.name() + ": modification time not restored: " + e.getMessage());
        }
    }

    private static void touch(Path path, String which, java.time.Instant time) throws IOException {
        String at = "@" + time.getEpochSecond() + "." + String.format(java.util.Locale.ROOT, "%09d", time.getNano());
        Placement.command(java.util.List.of("touch", "-h", which, "-d", at, "--", path.toString()), path);
    }
}
