package dev.arca.repository.tree;

import static dev.arca.repository.JsonFields.expect;
import static dev.arca.repository.JsonFields.optional;
import static dev.arca.repository.JsonFields.text;
import static dev.arca.repository.JsonFields.whole;
import static dev.arca.repository.JsonFields.wholeLong;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.arca.repository.CorruptObjectException;
import dev.arca.repository.JsonFields;
import dev.arca.repository.JsonReader;
import dev.arca.repository.JsonReader.Token;
import dev.arca.repository.crypto.ChunkCheck;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads tree blobs (docs/repository-format.md, A.5) with {@link JsonReader} and writes them with
 * Jackson's streaming generator. The bytes are those the object mapper writes for a {@link Tree} record, so trees stay
 * equal across versions and keep deduplicating; a test holds the two to the same output. Databind
 * costs about ten times more per node, and every backup reads its parent's trees and every restore
 * its snapshot's: 0.17 s for 3,000 files, most of an incremental backup's walk.
 */
final class TreeCodec {
    private static final Node.Type[] TYPES = Node.Type.values();
    /** The names the enum's {@link JsonProperty} annotations give, which the mapper writes. */
    private static final String[] TYPE_NAMES = java.util.Arrays.stream(TYPES).map(TreeCodec::wireName).toArray(String[]::new);

    private TreeCodec() {
    }

    private static String wireName(Node.Type type) {
        try {
            return Node.Type.class.getField(type.name()).getAnnotation(JsonProperty.class).value();
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("enum constant " + type + " has no field", e);
        }
    }

    static byte[] encode(Tree tree) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + tree.nodes().size() * 320);
        try (JsonGenerator g = JsonFields.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("nodes");
            for (Node n : tree.nodes()) {
                write(g, n);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a tree", e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, Node n) throws IOException {
        g.writeStartObject();
        optional(g, "name", n.name());
        if (n.type() != null) {
            g.writeStringField("type", TYPE_NAMES[n.type().ordinal()]);
        }
        g.writeNumberField("mode", n.mode());
        g.writeNumberField("uid", n.uid());
        g.writeNumberField("gid", n.gid());
        optional(g, "user", n.user());
        optional(g, "group", n.group());
        optional(g, "mtime", n.mtime());
        optional(g, "atime", n.atime());
        optional(g, "ctime", n.ctime());
        g.writeNumberField("inode", n.inode());
        g.writeNumberField("device", n.device());
        g.writeNumberField("links", n.links());
        g.writeNumberField("size", n.size());
        strings(g, "content", n.content());
        optional(g, "subtree", n.subtree());
        optional(g, "linkTarget", n.linkTarget());
        optional(g, "nameRaw", n.nameRaw());
        optional(g, "linkTargetRaw", n.linkTargetRaw());
        if (n.xattrs() != null) {
            g.writeArrayFieldStart("xattrs");
            for (Node.Xattr x : n.xattrs()) {
                g.writeStartObject();
                g.writeStringField("name", x.name());
                g.writeStringField("value", x.value());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (n.rdev() != null) {
            g.writeNumberField("rdev", n.rdev());
        }
        strings(g, "checks", n.checks());
        g.writeEndObject();
    }

    /** A list of strings as a JSON array; nothing for null, as for every absent field. */
    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        if (values != null) {
            g.writeArrayFieldStart(field);
            for (String v : values) {
                g.writeString(v);
            }
            g.writeEndArray();
        }
    }

    static Tree decode(String id, byte[] json) throws CorruptObjectException {
        return JsonFields.parse(json, "tree " + id, "Tree", p -> {
            var f = new Object() {
                List<Node> nodes;
            };
            JsonFields.fields(p, (field, v) -> {
                if (!"nodes".equals(field)) {
                    throw JsonFields.unknown(field);
                }
                f.nodes = null;
                if (v != Token.VALUE_NULL) {
                    expect(p, v, Token.START_ARRAY, "nodes");
                    f.nodes = new ArrayList<>();
                    while (p.next() != Token.END_ARRAY) {
                        f.nodes.add(node(p));
                    }
                }
            });
            if (f.nodes == null) {
                throw new CorruptObjectException("no 'nodes'");
            }
            return new Tree(f.nodes);
        });
    }

    private static Node node(JsonReader p) throws IOException {
        expect(p, p.current(), Token.START_OBJECT, "a node");
        String name = null;
        Node.Type type = null;
        int mode = 0;
        int uid = 0;
        int gid = 0;
        String user = null;
        String group = null;
        Instant mtime = null;
        Instant atime = null;
        Instant ctime = null;
        long inode = 0;
        long device = 0;
        int links = 0;
        long size = 0;
        List<String> content = null;
        String subtree = null;
        String linkTarget = null;
        String nameRaw = null;
        String linkTargetRaw = null;
        List<Node.Xattr> xattrs = null;
        Long rdev = null;
        List<String> checks = null;
        for (Token t = p.next(); t != Token.END_OBJECT; t = p.next()) {
            String field = p.name();
            Token v = p.next();
            switch (field) {
                case "name" -> name = text(p, v, field);
                case "type" -> type = type(p, v);
                case "mode" -> mode = whole(p, v, field);
                case "uid" -> uid = whole(p, v, field);
                case "gid" -> gid = whole(p, v, field);
                case "user" -> user = text(p, v, field);
                case "group" -> group = text(p, v, field);
                case "mtime" -> mtime = instant(text(p, v, field));
                case "atime" -> atime = instant(text(p, v, field));
                case "ctime" -> ctime = instant(text(p, v, field));
                case "inode" -> inode = wholeLong(p, v, field);
                case "device" -> device = wholeLong(p, v, field);
                case "links" -> links = whole(p, v, field);
                case "size" -> size = wholeLong(p, v, field);
                case "content" -> content = strings(p, v, field, "a content id");
                case "subtree" -> subtree = text(p, v, field);
                case "linkTarget" -> linkTarget = text(p, v, field);
                case "nameRaw" -> nameRaw = text(p, v, field);
                case "linkTargetRaw" -> linkTargetRaw = text(p, v, field);
                case "xattrs" -> xattrs = xattrs(p, v, name);
                case "rdev" -> rdev = v == Token.VALUE_NULL ? null : wholeLong(p, v, field);
                case "checks" -> checks = strings(p, v, field, "a chunk check");
                default -> throw new CorruptObjectException("unknown field '" + field + "' in node '" + name + "'");
            }
        }
        // The writer always writes both; without them a node can be neither sorted, found nor restored.
        if (name == null) {
            throw new CorruptObjectException("a node has no 'name'");
        }
        if (type == null) {
            throw new CorruptObjectException("node '" + name + "' has no 'type'");
        }
        raw(name, "nameRaw", nameRaw);
        raw(name, "linkTargetRaw", linkTargetRaw);
        if (linkTargetRaw != null && linkTarget == null) {
            throw new CorruptObjectException("node '" + name + "' has 'linkTargetRaw' but no 'linkTarget'");
        }
        checks(name, content, checks);
        return new Node(name, type, mode, uid, gid, user, group, mtime, atime, ctime, inode, device, links, size,
                content, subtree, linkTarget, nameRaw, linkTargetRaw, xattrs, rdev, checks);
    }

    /**
     * Checked here, once, because a backup takes the blob at a check's place in {@code content} when the
     * check matches: one per content blob, each 16 bytes in base64.
     */
    private static void checks(String name, List<String> content, List<String> checks) throws CorruptObjectException {
        if (checks == null) {
            return;
        }
        int blobs = content == null ? 0 : content.size();
        if (checks.size() != blobs) {
            throw new CorruptObjectException("node '" + name + "': checks: expected one per content blob (" + blobs
                    + "), got " + checks.size());
        }
        for (String check : checks) {
            byte[] bytes;
            try {
                bytes = java.util.Base64.getDecoder().decode(check);
            } catch (IllegalArgumentException e) {
                bytes = null;
            }
            if (bytes == null || bytes.length != ChunkCheck.LENGTH) {
                throw new CorruptObjectException("node '" + name + "': checks: expected " + ChunkCheck.LENGTH
                        + " bytes in base64, got '" + check + "'");
            }
        }
    }

    /** Extended attributes: each with a name and a base64 value, by name, each name once. */
    private static List<Node.Xattr> xattrs(JsonReader p, Token v, String node) throws IOException {
        if (v == Token.VALUE_NULL) {
            return null;
        }
        expect(p, v, Token.START_ARRAY, "xattrs");
        List<Node.Xattr> out = new ArrayList<>();
        for (Token t = p.next(); t != Token.END_ARRAY; t = p.next()) {
            expect(p, t, Token.START_OBJECT, "an extended attribute");
            String name = null;
            String value = null;
            for (Token f = p.next(); f != Token.END_OBJECT; f = p.next()) {
                String field = p.name();
                Token fv = p.next();
                switch (field) {
                    case "name" -> name = text(p, fv, "xattrs.name");
                    case "value" -> value = text(p, fv, "xattrs.value");
                    default -> throw new CorruptObjectException("unknown field '" + field + "' in an extended attribute of node '"
                            + node + "'");
                }
            }
            if (name == null || name.isEmpty() || value == null) {
                throw new CorruptObjectException("node '" + node + "': xattrs: an extended attribute without "
                        + (name == null || name.isEmpty() ? "'name'" : "'value'"));
            }
            if (!out.isEmpty() && out.get(out.size() - 1).name().compareTo(name) >= 0) {
                throw new CorruptObjectException("node '" + node + "': xattrs: '" + name + "' out of order or twice");
            }
            raw(node, "xattrs." + name, value);
            out.add(new Node.Xattr(name, value));
        }
        return out;
    }

    /** A raw form is checked here, once, so that every user of a node can decode it. */
    private static void raw(String name, String field, String raw) throws CorruptObjectException {
        if (raw == null) {
            return;
        }
        try {
            java.util.Base64.getDecoder().decode(raw);
        } catch (IllegalArgumentException e) {
            throw new CorruptObjectException("node '" + name + "': " + field + ": expected base64, got '" + raw + "'");
        }
    }

    private static List<String> strings(JsonReader p, Token v, String field, String element) throws IOException {
        if (v == Token.VALUE_NULL) {
            return null;
        }
        expect(p, v, Token.START_ARRAY, field);
        List<String> out = new ArrayList<>();
        for (Token t = p.next(); t != Token.END_ARRAY; t = p.next()) {
            expect(p, t, Token.VALUE_STRING, element);
            out.add(p.text());
        }
        return out;
    }

    private static Node.Type type(JsonReader p, Token v) throws IOException {
        String s = text(p, v, "type");
        if (s == null) {
            return null;
        }
        for (int i = 0; i < TYPE_NAMES.length; i++) {
            if (TYPE_NAMES[i].equals(s)) {
                return TYPES[i];
            }
        }
        throw new CorruptObjectException("type: unknown node type '" + s + "'");
    }

    static Instant instant(String s) throws CorruptObjectException {
        return JsonFields.instant(s);
    }
}
