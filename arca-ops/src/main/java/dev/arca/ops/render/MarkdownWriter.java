package dev.arca.ops.render;

import dev.arca.ops.render.Document.Block;
import java.util.List;

/** Writes a {@link Document} as GitHub-flavoured Markdown. */
final class MarkdownWriter {
    private MarkdownWriter() {
    }

    static String write(Document doc) {
        StringBuilder b = new StringBuilder("# ").append(doc.title()).append("\n");
        for (Block block : doc.blocks()) {
            b.append('\n');
            switch (block) {
                case Document.Heading h -> b.append("#".repeat(h.level())).append(' ').append(h.text()).append('\n');
                case Document.Paragraph p -> b.append(p.text()).append('\n');
                case Document.Table t -> table(b, t);
                case Document.Items l -> {
                    int n = 1;
                    for (String item : l.items()) {
                        b.append(l.numbered() ? (n++) + ". " : "- ").append(item).append('\n');
                    }
                }
            }
        }
        return b.toString();
    }

    private static void table(StringBuilder b, Document.Table t) {
        row(b, t.headers());
        b.append('|');
        t.headers().forEach(h -> b.append(" --- |"));
        b.append('\n');
        t.rows().forEach(r -> row(b, r));
    }

    private static void row(StringBuilder b, List<String> cells) {
        b.append('|');
        for (String c : cells) {
            b.append(' ').append(c.replace("|", "\\|").replace("\n", " ")).append(" |");
        }
        b.append('\n');
    }
}
