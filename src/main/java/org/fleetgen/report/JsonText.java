package org.fleetgen.report;

import java.util.List;
import java.util.Locale;

/**
 * JSON written for a {@code <script type="application/json">} element: commas placed by nesting level,
 * numbers as Java prints doubles (exact round trip) or null where JSON has no number (NaN, infinities),
 * and in strings {@code <}, {@code >}, {@code &} and the two JavaScript line separators as {@code \\u}
 * escapes, so no value can end the element or change how it parses.
 */
final class JsonText {
    private final StringBuilder b = new StringBuilder(1 << 16);
    /** Per open level: whether the next value needs a comma first. */
    private final java.util.ArrayDeque<boolean[]> levels = new java.util.ArrayDeque<>();
    private boolean afterKey;

    private JsonText value() {
        if (afterKey) {
            afterKey = false;
        } else if (!levels.isEmpty()) {
            boolean[] top = levels.peek();
            if (top[0]) {
                b.append(',');
            }
            top[0] = true;
        }
        return this;
    }

    JsonText begin() {
        value();
        b.append('{');
        levels.push(new boolean[1]);
        return this;
    }

    JsonText end() {
        levels.pop();
        b.append('}');
        return this;
    }

    JsonText beginArray() {
        value();
        b.append('[');
        levels.push(new boolean[1]);
        return this;
    }

    JsonText endArray() {
        levels.pop();
        b.append(']');
        return this;
    }

    JsonText key(String k) {
        value();
        quote(k);
        b.append(':');
        afterKey = true;
        return this;
    }

    JsonText string(String s) {
        value();
        quote(s);
        return this;
    }

    JsonText strings(List<String> values) {
        beginArray();
        values.forEach(this::string);
        return endArray();
    }

    JsonText bool(boolean v) {
        value();
        b.append(v);
        return this;
    }

    JsonText number(long v) {
        value();
        b.append(v);
        return this;
    }

    JsonText number(double v) {
        value();
        b.append(Double.isFinite(v) ? Double.toString(v) : "null");
        return this;
    }

    /** To 0.01, the resolution of the data; keeps long series small. */
    JsonText rounded(double v) {
        value();
        if (!Double.isFinite(v)) {
            b.append("null");
        } else {
            long h = Math.round(v * 100);
            long abs = Math.abs(h);
            if (h < 0) {
                b.append('-');
            }
            b.append(abs / 100);
            long f = abs % 100;
            if (f != 0) {
                b.append('.').append(f / 10);
                if (f % 10 != 0) {
                    b.append(f % 10);
                }
            }
        }
        return this;
    }

    JsonText matrix(double[][] m) {
        beginArray();
        for (double[] row : m) {
            beginArray();
            for (double v : row) {
                number(v);
            }
            endArray();
        }
        return endArray();
    }

    private void quote(String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    @Override
    public String toString() {
        return b.toString();
    }
}
