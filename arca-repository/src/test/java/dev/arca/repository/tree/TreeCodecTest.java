package dev.arca.repository.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.repository.CorruptObjectException;
import dev.arca.repository.LegacyMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TreeCodecTest {
    private static final Instant T = Instant.parse("2026-11-26T10:00:00.123456789Z");

    private static Node file(String name, Instant mtime, List<String> content) {
        return new Node(name, Node.Type.FILE, 0640, 1000, 1000, "ann", "staff", mtime, T, T, 1234, 2049, 1, 6000,
                content, null, null);
    }

    /** Every kind of node and value the writer meets, including the awkward ones. */
    private static Tree awkward() {
        List<Node> nodes = new ArrayList<>();
        nodes.add(file("notes.txt", T, List.of("aa".repeat(32), "bb".repeat(32))));
        nodes.add(file("empty", Instant.parse("2026-11-26T10:00:00Z"), List.of()));
        nodes.add(file("millis", Instant.parse("2026-11-26T10:00:00.120Z"), List.of()));
        nodes.add(file("micros", Instant.parse("2026-11-26T10:00:00.000100Z"), List.of()));
        nodes.add(file("before 1970", Instant.parse("1969-07-20T20:17:40Z"), List.of()));
        nodes.add(file("far future", Instant.parse("+10000-01-01T00:00:00Z"), List.of()));
        nodes.add(file("quote \" back\\slash \t tab \u0001 ctl", T, List.of()));
        nodes.add(file("ünïcödé 日本 \uD83D\uDE00", T, List.of()));
        nodes.add(new Node("dir", Node.Type.DIR, 0755, 0, 0, "root", "root", T, T, T, Long.MAX_VALUE, -1, 2, 0,
                null, "cc".repeat(32), null));
        nodes.add(new Node("link", Node.Type.SYMLINK, 0777, 0, 0, null, null, T, T, T, 5, 6, 1, 0, null, null,
                "../target"));
        // Names and a target whose bytes are not valid UTF-8: 0xff and 0xfe both decode to U+FFFD.
        nodes.add(new Node("a\uFFFD", Node.Type.FILE, 0600, 0, 0, null, null, T, T, T, 9, 6, 1, 0, List.of(), null, null,
                RawText.raw(new byte[] {'a', (byte) 0xff}), null));
        nodes.add(new Node("a\uFFFD", Node.Type.SYMLINK, 0777, 0, 0, null, null, T, T, T, 10, 6, 1, 0, null, null,
                "t\uFFFD", RawText.raw(new byte[] {'a', (byte) 0xfe}), RawText.raw(new byte[] {'t', (byte) 0xc3})));
        Node checked = file("checked", T, List.of("aa".repeat(32), "dd".repeat(32)));
        nodes.add(new Node(checked.name(), checked.type(), checked.mode(), checked.uid(), checked.gid(), checked.user(),
                checked.group(), checked.mtime(), checked.atime(), checked.ctime(), checked.inode(), checked.device(),
                checked.links(), checked.size(), checked.content(), null, null, null, null, null, null,
                List.of("1uXg0Xt5NPu8Myg/PVAsHw==", "LnosHdKXX6jnDRTzf8Bh+A==")));
        // Extended attributes: an ACL's binary value, an SELinux label ending in NUL, an empty value.
        nodes.add(file("with xattrs", T, List.of()).withXattrs(List.of(new Node.Xattr("security.selinux",
                "c3lzdGVtX3U6b2JqZWN0X3I6dXNlcl9ob21lX3Q6czAA"), new Node.Xattr("system.posix_acl_access",
                "AgAAAAEABgD/////BAAEAP////8gAAQA/////w=="), new Node.Xattr("user.empty", ""))));
        for (Node.Type type : List.of(Node.Type.FIFO, Node.Type.DEVICE, Node.Type.CHARDEV, Node.Type.SOCKET)) {
            Long rdev = type == Node.Type.DEVICE ? (Long) ((259L << 8) | 1) : type == Node.Type.CHARDEV ? (Long) 0x103L : null;
            nodes.add(new Node(type.name(), type, 0600, 0, 0, "", "", T, null, T, 7, 8, 1, 0, null, null, null, null, null,
                    null, rdev, null));
        }
        return new Tree(nodes);
    }

    @Test
    void writesTheBytesTheObjectMapperWrites() throws Exception {
        Tree tree = awkward();
        assertThat(new String(tree.encode(), StandardCharsets.UTF_8))
                .isEqualTo(new String(LegacyMapper.JSON.writeValueAsBytes(tree), StandardCharsets.UTF_8));
        assertThat(new Tree(List.of()).encode()).isEqualTo(LegacyMapper.JSON.writeValueAsBytes(new Tree(List.of())));
    }

    @Test
    void readsWhatEitherWrites() throws Exception {
        Tree tree = awkward();
        assertThat(Tree.decode("t", tree.encode())).isEqualTo(tree);
        assertThat(Tree.decode("t", LegacyMapper.JSON.writeValueAsBytes(tree)))
                .isEqualTo(LegacyMapper.JSON.readValue(LegacyMapper.JSON.writeValueAsBytes(tree), Tree.class));
    }

    @Test
    void readsTimesExactlyAsInstantParseDoes() throws Exception {
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-5_000_000_000L, 5_000_000_000L),
                    switch (i % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1000;
                        default -> random.nextInt(1_000_000_000);
                    });
            assertThat(TreeCodec.instant(t.toString())).isEqualTo(t);
        }
        assertThat(TreeCodec.instant("2026-11-26T10:00:00.5Z")).isEqualTo(Instant.parse("2026-11-26T10:00:00.5Z"));
    }

    @Test
    void namesTheTreeAndTheFaultInWhatItCannotRead() {
        assertRejected("{\"nodes\":[{\"name\":\"a\",\"colour\":\"red\"}]}", "unknown field 'colour' in node 'a'");
        assertRejected("{\"nodes\":[{\"name\":\"a\",\"type\":\"door\"}]}", "type: unknown node type 'door'");
        assertRejected("{\"nodes\":[{\"name\":\"a\",\"mtime\":\"2026-13-01T00:00:00Z\"}]}",
                "not a time: '2026-13-01T00:00:00Z'");
        assertRejected("{\"nodes\":[{\"type\":\"file\"}]}", "a node has no 'name'");
        assertRejected("{\"nodes\":[{\"name\":\"a\",\"type\":null}]}", "node 'a' has no 'type'");
        assertRejected("{}", "no 'nodes'");
        assertRejected("{\"nodes\":[{\"name\":\"a\",\"type\":\"file\",\"nameRaw\":\"not base64!\"}]}",
                "node 'a': nameRaw: expected base64, got 'not base64!'");
        assertRejected("{\"nodes\":[{\"name\":\"a\",\"type\":\"file\",\"linkTargetRaw\":\"dPw=\"}]}",
                "node 'a' has 'linkTargetRaw' but no 'linkTarget'");
        assertRejected("{\"nodes\":[{\"name\":\"a\",\"type\":\"file\",\"xattrs\":[{\"name\":\"user.x\",\"value\":\"no!\"}]}]}",
                "node 'a': xattrs.user.x: expected base64, got 'no!'");
        assertRejected("{\"nodes\":[{\"name\":\"a\",\"type\":\"file\",\"xattrs\":[{\"name\":\"user.x\"}]}]}",
                "node 'a': xattrs: an extended attribute without 'value'");
        assertRejected("{\"nodes\":[{\"name\":\"a\",\"type\":\"file\",\"xattrs\":[{\"name\":\"user.b\",\"value\":\"\"},"
                + "{\"name\":\"user.a\",\"value\":\"\"}]}]}", "node 'a': xattrs: 'user.a' out of order or twice");
        String id = "\"" + "aa".repeat(32) + "\"";
        assertRejected("{\"nodes\":[{\"name\":\"a\",\"type\":\"file\",\"content\":[" + id + "," + id + "],"
                + "\"checks\":[\"1uXg0Xt5NPu8Myg/PVAsHw==\"]}]}", "node 'a': checks: expected one per content blob (2), got 1");
        assertRejected("{\"nodes\":[{\"name\":\"a\",\"type\":\"file\",\"checks\":[\"1uXg0Xt5NPu8Myg/PVAsHw==\"]}]}",
                "node 'a': checks: expected one per content blob (0), got 1");
        assertRejected("{\"nodes\":[{\"name\":\"a\",\"type\":\"file\",\"content\":[" + id + "],\"checks\":[\"2xKh\"]}]}",
                "node 'a': checks: expected 16 bytes in base64, got '2xKh'");
        assertRejected("{\"nodes\":[{\"name\":\"a\",\"type\":\"file\",\"content\":[" + id + "],\"checks\":[\"no!\"]}]}",
                "node 'a': checks: expected 16 bytes in base64, got 'no!'");
        assertThatThrownBy(() -> Tree.decode("ab12", "{\"nodes\":[{\"mode\":\"rw\"}]}".getBytes()))
                .hasMessageStartingWith("tree ab12: not a valid Tree document: mode: expected VALUE_NUMBER_INT, got VALUE_STRING");
        assertThatThrownBy(() -> Tree.decode("ab12", "{\"nodes\":[".getBytes()))
                .isInstanceOf(CorruptObjectException.class)
                .hasMessageStartingWith("tree ab12: not a valid Tree document: Unexpected end-of-input");
    }

    @Test
    void namesThatDecodeAlikeAreKeptApartSortedAndFoundByTheirBytes() throws Exception {
        byte[] ff = {'a', (byte) 0xff};
        byte[] fe = {'a', (byte) 0xfe};
        Node one = file(RawText.text(ff), T, List.of()).withName(RawText.text(ff), RawText.raw(ff));
        Node two = file(RawText.text(fe), T, List.of()).withName(RawText.text(fe), RawText.raw(fe));
        Node plain = file("a\uFFFD", T, List.of());
        Tree tree = Tree.decode("t", new Tree(List.of(one, plain, two)).encode());
        assertThat(tree.nodes()).containsExactly(plain, two, one); // "/v4=" sorts before "Yf8="
        assertThat(tree.find("a\uFFFD", RawText.raw(ff))).contains(one);
        assertThat(tree.find("a\uFFFD", RawText.raw(fe))).contains(two);
        assertThat(tree.find("a\uFFFD", null)).contains(plain);
        assertThat(tree.find("a\uFFFD", RawText.raw(new byte[] {'a', (byte) 0x80}))).isEmpty();
        assertThat(one.nameBytes()).isEqualTo(ff);
        assertThat(plain.nameBytes()).isEqualTo("a\uFFFD".getBytes(StandardCharsets.UTF_8));
        assertThat(one.displayName()).isEqualTo("a\\xff");
        assertThat(plain.displayName()).isEqualTo("a\uFFFD");
    }

    @Test
    void rawTextStoresOnlyWhatTextCannotHold() {
        assertThat(RawText.raw("ünïcödé \uFFFD".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(RawText.raw(new byte[] {(byte) 0xc3})).isEqualTo("ww==");
        assertThat(RawText.text(new byte[] {'x', (byte) 0xe2, (byte) 0x82, 'y'})).isEqualTo("x\uFFFDy");
        assertThat(RawText.escaped(new byte[] {'x', (byte) 0xe2, (byte) 0x82, 'y', (byte) 0xc3, (byte) 0xa9}))
                .isEqualTo("x\\xe2\\x82y\u00e9");
        assertThat(RawText.escaped(new byte[0])).isEmpty();
    }

    @Test
    void matchableTextKeepsEachInvalidByteApartAndShowsItAgain() {
        byte[] bytes = {'x', (byte) 0xe2, (byte) 0x82, 'y', (byte) 0xc3, (byte) 0xa9, (byte) 0xff};
        String matchable = RawText.matchable(bytes);
        assertThat(matchable).isEqualTo("x\uDCE2\uDC82y\u00e9\uDCFF");
        assertThat(RawText.matchable(new byte[] {'x', (byte) 0xfe})).isNotEqualTo(RawText.matchable(new byte[] {'x', (byte) 0xff}));
        assertThat(RawText.matchable("ünïcödé 😀".getBytes(StandardCharsets.UTF_8))).isEqualTo("ünïcödé 😀");
        assertThat(RawText.shownMatchable(matchable)).isEqualTo("x\\xe2\\x82y\u00e9\\xff");
        assertThat(RawText.shownMatchable("😀 \uD83D\uDE00")).isEqualTo("😀 \uD83D\uDE00"); // a pair is a character
    }

    private static void assertRejected(String json, String fault) {
        assertThatThrownBy(() -> Tree.decode("ab12", json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CorruptObjectException.class)
                .hasMessage("tree ab12: not a valid Tree document: " + fault);
    }
}
