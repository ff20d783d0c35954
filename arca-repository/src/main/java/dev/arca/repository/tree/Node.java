package dev.arca.repository.tree;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * One entry of a directory.
 *
 * @param mode permission bits including setuid, setgid and sticky (not the file-type bits)
 * @param content for files, the ids (hex) of the data blobs in order
 * @param subtree for directories, the id (hex) of the tree blob listing it
 * @param links the hard-link count at backup time; with {@code inode} and {@code device} it lets
 *     restore link together the names that were one file
 * @param nameRaw the name's bytes in base64, only where they are not valid UTF-8: {@code name} then holds
 *     them decoded with U+FFFD in place of the invalid ones, for display and matching, and this restores
 *     them exactly (two such names can decode alike)
 * @param linkTargetRaw likewise for a symlink's target
 * @param xattrs the entry's extended attributes by name (ACLs and SELinux labels among them), null where it
 *     has none
 * @param rdev for block and character devices, the device they stand for ({@code st_rdev}, as glibc's
 *     {@code makedev} composes it); null for other entries
 * @param checks for files, each content blob's chunk check (base64, {@code ChunkCheck}) in the same order,
 *     by which the next backup confirms unchanged stretches of the file if it changed; null where the
 *     backup recorded none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Node(
        String name,
        Type type,
        int mode,
        int uid,
        int gid,
        String user,
        String group,
        Instant mtime,
        Instant atime,
        Instant ctime,
        long inode,
        long device,
        int links,
        long size,
        List<String> content,
        String subtree,
        String linkTarget,
        String nameRaw,
        String linkTargetRaw,
        List<Xattr> xattrs,
        Long rdev,
        List<String> checks) {

    /** The kinds of directory entries Arca records. */
    public enum Type {
        @com.fasterxml.jackson.annotation.JsonProperty("file") FILE,
        @com.fasterxml.jackson.annotation.JsonProperty("dir") DIR,
        @com.fasterxml.jackson.annotation.JsonProperty("symlink") SYMLINK,
        @com.fasterxml.jackson.annotation.JsonProperty("fifo") FIFO,
        @com.fasterxml.jackson.annotation.JsonProperty("device") DEVICE,
        @com.fasterxml.jackson.annotation.JsonProperty("chardev") CHARDEV,
        @com.fasterxml.jackson.annotation.JsonProperty("socket") SOCKET;

        /** Whether entries of this type are block or character devices, which stand for a device ({@link Node#rdev}). */
        public boolean isDevice() {
            return this == DEVICE || this == CHARDEV;
        }
    }

    /**
     * An extended attribute: its name as the file system lists it, such as {@code user.comment},
     * {@code system.posix_acl_access} or {@code security.selinux}, and its value, any bytes, in base64.
     */
    public record Xattr(String name, String value) {
        public Xattr {
            java.util.Objects.requireNonNull(name, "name");
            java.util.Objects.requireNonNull(value, "value");
        }
    }

    public Node {
        content = content == null ? null : List.copyOf(content);
        xattrs = xattrs == null || xattrs.isEmpty() ? null : List.copyOf(xattrs);
        checks = checks == null ? null : List.copyOf(checks);
    }

    /** A node without extended attributes. */
    public Node(String name, Type type, int mode, int uid, int gid, String user, String group, Instant mtime,
                Instant atime, Instant ctime, long inode, long device, int links, long size, List<String> content,
                String subtree, String linkTarget, String nameRaw, String linkTargetRaw) {
        this(name, type, mode, uid, gid, user, group, mtime, atime, ctime, inode, device, links, size, content,
                subtree, linkTarget, nameRaw, linkTargetRaw, null, null, null);
    }

    /** A node whose name and target are valid UTF-8, as nearly all are. */
    public Node(String name, Type type, int mode, int uid, int gid, String user, String group, Instant mtime,
                Instant atime, Instant ctime, long inode, long device, int links, long size, List<String> content,
                String subtree, String linkTarget) {
        this(name, type, mode, uid, gid, user, group, mtime, atime, ctime, inode, device, links, size, content,
                subtree, linkTarget, null, null, null, null, null);
    }

    /** The symlink target for people, escaped as {@link #displayName()} is; null for other nodes. */
    public String displayLinkTarget() {
        return linkTargetRaw == null ? linkTarget : RawText.escaped(linkTargetBytes());
    }

    /** This node under another name. */
    public Node withName(String name, String nameRaw) {
        return new Node(name, type, mode, uid, gid, user, group, mtime, atime, ctime, inode, device, links, size, content,
                subtree, linkTarget, nameRaw, linkTargetRaw, xattrs, rdev, checks);
    }

    /** This node with other extended attributes (none for an empty list). */
    public Node withXattrs(List<Xattr> xattrs) {
        return new Node(name, type, mode, uid, gid, user, group, mtime, atime, ctime, inode, device, links, size, content,
                subtree, linkTarget, nameRaw, linkTargetRaw, xattrs, rdev, checks);
    }

    /** The name's bytes as the file system holds them. */
    public byte[] nameBytes() {
        return RawText.bytes(name, nameRaw);
    }

    /** The symlink target's bytes as the file system holds them; null for other nodes. */
    public byte[] linkTargetBytes() {
        return linkTarget == null ? null : RawText.bytes(linkTarget, linkTargetRaw);
    }

    /** The name for people: as stored where it is valid UTF-8, with {@code \xHH} for each byte that is not. */
    public String displayName() {
        return nameRaw == null ? name : RawText.escaped(RawText.bytes(name, nameRaw));
    }

    /** Whether a file's metadata says it is unchanged since this node was recorded, so it need not be read again. */
    public boolean sameFileAs(Node other) {
        return type == Type.FILE && other.type == Type.FILE && size == other.size && inode == other.inode
                && device == other.device && mtime.equals(other.mtime) && ctime.equals(other.ctime);
    }
}
