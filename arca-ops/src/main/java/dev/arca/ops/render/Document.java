package dev.arca.ops.render;

import java.util.ArrayList;
import java.util.List;

/** A format-neutral document: a title and a sequence of blocks. */
public record Document(String title, List<Block> blocks) {

    public Document {
        blocks = List.copyOf(blocks);
    }

    /** A piece of a document. */
    public sealed interface Block {
    }

    /** A section heading; level 2 for sections, 3 for subsections. */
    public record Heading(int level, String text) implements Block {
    }

    /** A paragraph of plain text. */
    public record Paragraph(String text) implements Block {
    }

    /** A table; every row has as many cells as there are headers. */
    public record Table(List<String> headers, List<List<String>> rows) implements Block {
        public Table {
            headers = List.copyOf(headers);
            rows = rows.stream().map(List::copyOf).toList();
            for (List<String> r : rows) {
                if (r.size() != headers.size()) {
                    throw new IllegalArgumentException("row " + r + " has " + r.size() + " cells, headers have " + headers.size());
                }
            }
        }
    }

    /** A bulleted or numbered list. */
    public record Items(boolean numbered, List<String> items) implements Block {
        public Items {
            items = List.copyOf(items);
        }
    }

    /** Collects blocks in order. */
    static final class Builder {
        private final String title;
        private final List<Block> blocks = new ArrayList<>();

        Builder(String title) {
            this.title = title;
        }

        Builder heading(int level, String text) {
            blocks.add(new Heading(level, text));
            return this;
        }

        Builder paragraph(String text) {
            blocks.add(new Paragraph(text));
            return this;
        }

        Builder table(List<String> headers, List<List<String>> rows) {
            blocks.add(new Table(headers, rows));
            return this;
        }

        Builder items(boolean numbered, List<String> items) {
            blocks.add(new Items(numbered, items));
            return this;
        }

        Document build() {
            return new Document(title, blocks);
        }
    }
}
