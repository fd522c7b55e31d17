package org.fleetgen.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rows in COPY's text format written as multi-row INSERTs instead: for {@code --method jooq}, whose promise is a load
 * without COPY, on PostgreSQL-compatible targets that lack {@code COPY FROM STDIN} (PGlite, some proxies). The
 * statement is the COPY's own ({@code COPY table (columns) FROM stdin}); each value goes in as a quoted literal that
 * PostgreSQL reads as the column's type, as COPY would read the same text, and {@code \N} as NULL.
 */
public final class TextInserts {
    /** Rows a statement: a few hundred KB of SQL at most for fleetgen's tables. */
    static final int ROWS_PER_STATEMENT = 500;
    private static final Pattern COPY = Pattern.compile("(?is)\\s*COPY\\s+(.+?)\\s*\\((.*)\\)\\s+FROM\\s+STDIN\\s*");

    private final Statement statement;
    private final String prefix;
    private final StringBuilder sql = new StringBuilder();
    private final StringBuilder pending = new StringBuilder();
    private int rows;

    /** An insert stream for the rows of {@code copySql} (text format), on {@code c}, in its transaction. */
    public TextInserts(Connection c, String copySql) throws SQLException {
        Matcher m = COPY.matcher(copySql);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a text-format COPY ... FROM STDIN: " + copySql);
        }
        this.statement = c.createStatement();
        this.prefix = "INSERT INTO " + m.group(1) + " (" + m.group(2) + ") VALUES ";
    }

    /** Takes text in pieces that may end inside a line; complete lines become rows. */
    public void write(String text) throws SQLException {
        pending.append(text);
        int start = 0;
        int nl;
        while ((nl = pending.indexOf("\n", start)) >= 0) {
            row(pending, start, nl);
            start = nl + 1;
        }
        pending.delete(0, start);
    }

    /** Sends the rows still held; the stream must end on a line break. */
    public void end() throws SQLException {
        try {
            if (pending.length() > 0) {
                throw new IllegalStateException("COPY text ends inside a row");
            }
            flush();
        } finally {
            statement.close();
        }
    }

    private void row(CharSequence text, int from, int to) throws SQLException {
        sql.append(rows == 0 ? prefix : ", ").append('(');
        int i = from;
        boolean first = true;
        while (true) {
            int end = i;
            while (end < to && text.charAt(end) != '\t') {
                end++;
            }
            sql.append(first ? "" : ", ");
            first = false;
            literal(text, i, end);
            if (end >= to) {
                break;
            }
            i = end + 1;
        }
        sql.append(')');
        if (++rows == ROWS_PER_STATEMENT) {
            flush();
        }
    }

    /** A field of COPY text as an SQL literal: E'...' with COPY's escapes resolved, NULL for \N. */
    private void literal(CharSequence text, int from, int to) {
        if (to - from == 2 && text.charAt(from) == '\\' && text.charAt(from + 1) == 'N') {
            sql.append("NULL");
            return;
        }
        sql.append("E'");
        for (int i = from; i < to; i++) {
            char ch = text.charAt(i);
            if (ch == '\\' && i + 1 < to) {
                char next = text.charAt(++i);
                ch = switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'v' -> '\u000b';
                    default -> next;
                };
            }
            switch (ch) {
                case '\'' -> sql.append("''");
                case '\\' -> sql.append("\\\\");
                case '\n' -> sql.append("\\n");
                case '\r' -> sql.append("\\r");
                case '\t' -> sql.append("\\t");
                default -> sql.append(ch);
            }
        }
        sql.append('\'');
    }

    private void flush() throws SQLException {
        if (rows > 0) {
            statement.execute(sql.toString());
            sql.setLength(0);
            rows = 0;
        }
    }
}
