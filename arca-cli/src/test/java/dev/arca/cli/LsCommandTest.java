package dev.arca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.arca.repository.tree.Node;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LsCommandTest {
    private static Node node(Node.Type type, int mode) {
        Instant t = Instant.EPOCH;
        return new Node("n", type, mode, 0, 0, "root", "root", t, t, t, 1, 1, 1, 0, null, null, null);
    }

    @Test
    void showsPermissionsAsLsDoes() {
        assertEquals("-rw-r--r--", LsCommand.mode(node(Node.Type.FILE, 0644)));
        assertEquals("drwxr-x---", LsCommand.mode(node(Node.Type.DIR, 0750)));
        assertEquals("prw-------", LsCommand.mode(node(Node.Type.FIFO, 0600)));
    }

    @Test
    void showsSetuidSetgidAndStickyInPlaceOfExecute() {
        assertEquals("-rwsr-xr-x", LsCommand.mode(node(Node.Type.FILE, 04755)));
        assertEquals("-rwSr--r--", LsCommand.mode(node(Node.Type.FILE, 04644)));
        assertEquals("drwxr-sr-x", LsCommand.mode(node(Node.Type.DIR, 02755)));
        assertEquals("-rw-r-Sr--", LsCommand.mode(node(Node.Type.FILE, 02644)));
        assertEquals("drwxrwxrwt", LsCommand.mode(node(Node.Type.DIR, 01777)));
        assertEquals("drwxr-xr-T", LsCommand.mode(node(Node.Type.DIR, 01754)));
    }
}
