package io.webops.translate;

import java.util.List;
import java.util.Map;

/**
 * Writes Camel YAML DSL from maps and lists. Every string is written double-quoted with JSON
 * escapes, so no value can change the document's structure; comments are single-line.
 */
final class YamlWriter {

    private final StringBuilder out = new StringBuilder(4096);

    /** A comment line: control characters and line separators become spaces, so it stays one line of valid YAML. */
    static String comment(String text) {
        StringBuilder b = new StringBuilder(text.length() + 2).append("# ");
        text.codePoints().forEach(c -> {
            boolean unsafe = Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || c == 0xFEFF
                    || Character.getType(c) == Character.SURROGATE || Character.getType(c) == Character.UNASSIGNED;
            b.appendCodePoint(unsafe ? ' ' : c);
        });
        return b.toString();
    }

    YamlWriter line(String text) {
        out.append(text).append('\n');
        return this;
    }

    /** A top-level sequence item ({@code - route: ...}). */
    YamlWriter item(Map<String, Object> map) {
        writeSequenceItem(map, 0);
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private void writeMap(Map<String, Object> map, int indent, boolean firstInline) {
        boolean first = firstInline;
        for (Map.Entry<String, Object> e : map.entrySet()) {
            if (!first) {
                pad(indent);
            }
            first = false;
            Object v = e.getValue();
            if (e.getKey().startsWith("#")) {
                out.append(comment(String.valueOf(v))).append('\n');
                continue;
            }
            out.append(e.getKey()).append(':');
            if (v instanceof Map<?, ?> m) {
                if (m.isEmpty()) {
                    out.append(" {}\n");
                } else {
                    out.append('\n');
                    pad(indent + 2);
                    writeMap((Map<String, Object>) m, indent + 2, true);
                }
            } else if (v instanceof List<?> l) {
                if (l.isEmpty()) {
                    out.append(" []\n");
                } else {
                    out.append('\n');
                    for (Object item : l) {
                        pad(indent + 2);
                        writeSequenceItem(item, indent + 2);
                    }
                }
            } else {
                out.append(' ').append(scalar(v)).append('\n');
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void writeSequenceItem(Object item, int indent) {
        out.append("- ");
        if (item instanceof Map<?, ?> m) {
            writeMap((Map<String, Object>) m, indent + 2, true);
        } else {
            out.append(scalar(item)).append('\n');
        }
    }

    private void pad(int n) {
        out.append(" ".repeat(n));
    }

    static String scalar(Object v) {
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        String s = String.valueOf(v);
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
