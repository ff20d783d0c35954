package dev.arca.ops.render;

import java.util.Locale;

/** The output formats of a rendered document. */
public enum Format {
    MARKDOWN, HTML;

    /** Writes a document in this format. */
    public String write(Document doc) {
        return switch (this) {
            case MARKDOWN -> MarkdownWriter.write(doc);
            case HTML -> HtmlWriter.write(doc);
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
