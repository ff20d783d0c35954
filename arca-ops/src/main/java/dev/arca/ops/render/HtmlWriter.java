package dev.arca.ops.render;

import dev.arca.ops.render.Document.Block;

/** Writes a {@link Document} as a self-contained HTML page, printable as the paper plan. */
final class HtmlWriter {
    private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
            + "padding:0 1rem;color:#222}table{border-collapse:collapse;margin:.5rem 0 1rem}"
            + "th,td{border:1px solid #bbb;padding:.3rem .6rem;text-align:left;vertical-align:top}"
            + "th{background:#eee}h2{border-bottom:2px solid #444;margin-top:2rem}";

    private HtmlWriter() {
    }

    static String write(Document doc) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(doc.title())).append("</title>\n<style>").append(STYLE).append("</style>\n</head>\n<body>\n<h1>")
                .append(escape(doc.title())).append("</h1>\n");
        for (Block block : doc.blocks()) {
            switch (block) {
                case Document.Heading h -> b.append("<h").append(h.level()).append('>').append(escape(h.text()))
                        .append("</h").append(h.level()).append(">\n");
                case Document.Paragraph p -> b.append("<p>").append(escape(p.text())).append("</p>\n");
                case Document.Table t -> {
                    b.append("<table>\n<tr>");
                    t.headers().forEach(h -> b.append("<th>").append(escape(h)).append("</th>"));
                    b.append("</tr>\n");
                    for (var r : t.rows()) {
                        b.append("<tr>");
                        r.forEach(c -> b.append("<td>").append(escape(c)).append("</td>"));
                        b.append("</tr>\n");
                    }
                    b.append("</table>\n");
                }
                case Document.Items l -> {
                    String tag = l.numbered() ? "ol" : "ul";
                    b.append('<').append(tag).append(">\n");
                    l.items().forEach(i -> b.append("<li>").append(escape(i)).append("</li>\n"));
                    b.append("</").append(tag).append(">\n");
                }
            }
        }
        return b.append("</body>\n</html>\n").toString();
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
