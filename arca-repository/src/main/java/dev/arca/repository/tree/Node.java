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
        String linkTarget) {

    /** The kinds of directory entries Arca records. */
    public enum Type {
        @com.fasterxml.jackson.annotation.JsonProperty("file") FILE,
        @com.fasterxml.jackson.annotation.JsonProperty("dir") DIR,
        @com.fasterxml.jackson.annotation.JsonProperty("symlink") SYMLINK,
        @com.fasterxml.jackson.annotation.JsonProperty("fifo") FIFO,
        @com.fasterxml.jackson.annotation.JsonProperty("device") DEVICE,
        @com.fasterxml.jackson.annotation.JsonProperty("chardev") CHARDEV,
        @com.fasterxml.jackson.annotation.JsonProperty("socket") SOCKET
    }

    public Node {
        content = content == null ? null : List.copyOf(content);
    }

    /** Whether a file's metadata says it is unchanged since this node was recorded, so it need not be read again. */
    public boolean sameFileAs(Node other) {
        return type == Type.FILE && other.type == Type.FILE && size == other.size && inode == other.inode
                && device == other.device && mtime.equals(other.mtime) && ctime.equals(other.ctime);
    }
}
