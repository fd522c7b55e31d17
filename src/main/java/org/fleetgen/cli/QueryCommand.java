package org.fleetgen.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fleetgen.config.ConfigException;
import org.fleetgen.postgres.AnalyticsViews;
import org.fleetgen.postgres.ConnectionPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fleetgen query NAME}: prints one of the views, so the aggregates are one command away. Rows
 * are streamed in every format (server_metrics_wide holds every row of the dataset): the table format
 * sizes its columns from the first {@value #TABLE_SAMPLE} rows and cuts longer values.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Prints a view: server_metrics_wide, archetype_summary, archetype_correlation, archetype_calendar_effects, "
                + "archetype_daily, archetype_monthly, archetype_hourly_profile or server_capacity_risk.")
final class QueryCommand extends StreamCommand {
    static final int TABLE_SAMPLE = 1000;
    private static final int MAX_WIDTH = 40;

    @Parameters(index = "0", paramLabel = "NAME", description = "The view.")
    String view;

    @Option(names = "--format", paramLabel = "table|csv|json", defaultValue = "table", description = "Output format (default table).")
    String format;

    @Mixin
    DatabaseOptions database;

    @Mixin
    CommonOptions common;


    @Override
    public Integer call() throws Exception {
        AnalyticsViews.requireView(view);
        String f = format.toLowerCase(Locale.ROOT);
        if (!f.equals("table") && !f.equals("csv") && !f.equals("json")) {
            throw new ConfigException("--format", format, "must be table, csv or json");
        }
        database.validate();
        OutputStream out = new BufferedOutputStream(streams.out(), 1 << 16);
        try (ConnectionPool pool = ConnectionPool.open(database.resolve(DatabaseOptions.Embedded.EXISTING, true), 1)) {
            AnalyticsViews.RowSink sink = switch (f) {
                case "csv" -> new Csv(out);
                case "json" -> new Json(out);
                default -> new Table(out);
            };
            new AnalyticsViews(pool).stream(view, sink);
            ((Finishing) sink).finish();
        }
        out.flush();
        return Fleetgen.OK;
    }

    private interface Finishing {
        void finish() throws IOException;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; NULL is empty. */
    private record Csv(OutputStream out) implements AnalyticsViews.RowSink, Finishing {
        @Override
        public void columns(List<String> names, List<Boolean> numeric) throws IOException {
            row(names.toArray(String[]::new));
        }

        @Override
        public void row(String[] values) throws IOException {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    b.append(',');
                }
                String v = values[i] == null ? "" : values[i];
                b.append(v.matches("(?s).*[,\"\\r\\n].*") ? "\"" + v.replace("\"", "\"\"") + "\"" : v);
            }
            write(out, b.append('\n').toString());
        }

        @Override
        public void finish() {
        }
    }

    /** A JSON array of objects, one per row, one per line; numbers unquoted, NULL as null. */
    private static final class Json implements AnalyticsViews.RowSink, Finishing {
        private final OutputStream out;
        private List<String> names;
        private List<Boolean> numeric;
        private boolean first = true;

        Json(OutputStream out) {
            this.out = out;
        }

        @Override
        public void columns(List<String> names, List<Boolean> numeric) throws IOException {
            this.names = names;
            this.numeric = numeric;
            write(out, "[");
        }

        @Override
        public void row(String[] values) throws IOException {
            StringBuilder b = new StringBuilder(first ? "\n{" : ",\n{");
            first = false;
            for (int i = 0; i < values.length; i++) {
                b.append(i == 0 ? "" : ",").append(quote(names.get(i))).append(':');
                String v = values[i];
                if (v == null) {
                    b.append("null");
                } else if (numeric.get(i)) {
                    // NaN and infinities have no JSON number form.
                    b.append(v.matches("-?[0-9.eE+-]+") ? v : "null");
                } else {
                    b.append(quote(v));
                }
            }
            write(out, b.append('}').toString());
        }

        @Override
        public void finish() throws IOException {
            write(out, first ? "]\n" : "\n]\n");
        }

        private static String quote(String s) {
            StringBuilder b = new StringBuilder("\"");
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
                            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            return b.append('"').toString();
        }
    }

    /** Aligned columns, sized from the first rows; numbers right-aligned. */
    private static final class Table implements AnalyticsViews.RowSink, Finishing {
        private final OutputStream out;
        private List<String> names;
        private List<Boolean> numeric;
        private final List<String[]> sample = new ArrayList<>();
        private int[] widths;
        private long rows;

        Table(OutputStream out) {
            this.out = out;
        }

        @Override
        public void columns(List<String> names, List<Boolean> numeric) {
            this.names = names;
            this.numeric = numeric;
        }

        @Override
        public void row(String[] values) throws IOException {
            rows++;
            if (widths == null) {
                sample.add(values);
                if (sample.size() == TABLE_SAMPLE) {
                    start();
                }
                return;
            }
            line(values);
        }

        private void start() throws IOException {
            widths = new int[names.size()];
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.min(MAX_WIDTH, names.get(i).length());
                for (String[] r : sample) {
                    widths[i] = Math.min(MAX_WIDTH, Math.max(widths[i], r[i] == null ? 0 : r[i].length()));
                }
            }
            line(names.toArray(String[]::new));
            StringBuilder rule = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
            }
            write(out, rule.append('\n').toString());
            for (String[] r : sample) {
                line(r);
            }
            sample.clear();
        }

        private void line(String[] values) throws IOException {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < values.length; i++) {
                String v = values[i] == null ? "" : values[i];
                if (v.length() > widths[i]) {
                    v = v.substring(0, widths[i] - 1) + "…";
                }
                String pad = " ".repeat(widths[i] - v.length());
                b.append(i == 0 ? "" : " | ").append(numeric.get(i) ? pad + v : v + pad);
            }
            write(out, b.toString().stripTrailing() + "\n");
        }

        @Override
        public void finish() throws IOException {
            if (widths == null) {
                start();
            }
            write(out, String.format(Locale.ROOT, "(%,d rows)%n", rows));
        }
    }
}
