package org.fleetgen.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.fleetgen.postgres.AnalyticsViews;

/**
 * The views' former definitions, full scans of server_metrics (kept as seed-answers.sql, which seed
 * scripts run), as the oracle for the answers fleetgen computes from the rollups: in a transaction that is
 * rolled back, the views are read, the answers replaced by the full scans' and the views read again.
 * Counts, minima, maxima and percentiles must be equal, means, standard deviations, correlations and
 * ratios within 1e-9 relative.
 */
public final class ViewOracle {
    /** Columns that must be equal, not merely close. */
    private static final Set<String> EXACT = Set.of("servers", "rows", "rows_in", "rows_out", "min", "max", "p05", "p50", "p95",
            "p95_cpu", "p95_mem", "p95_disk", "p95_net_in", "p95_net_out", "max_cpu", "max_mem", "max_disk", "max_net_in", "max_net_out",
            "cpu_p95", "mem_p95", "disk_p95", "max_p95", "target", "window_start", "window_end", "risk_level", "underutilized",
            "server_type", "metric", "metric_a", "metric_b", "effect", "day", "month", "hour", "day_kind", "server_id", "app_name",
            "business_unit", "criticality", "region");
    public static final double RELATIVE = 1e-9;

    private ViewOracle() {
    }

    /** Compares every rollup-backed view of the schema with its full-scan definition on the same data; returns the rows compared. */
    public static long assertViewsMatch(TestDatabases.Db db, String schema) throws Exception {
        String script;
        try (InputStream in = ViewOracle.class.getResourceAsStream("/org/fleetgen/load/seed-answers.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        long compared = 0;
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SET LOCAL search_path TO " + schema);
            Map<String, Map<String, Map<String, Object>>> fromRollups = new LinkedHashMap<>();
            for (String view : AnalyticsViews.FROM_ROLLUPS) {
                fromRollups.put(view, read(s, "SELECT * FROM " + view, AnalyticsViews.VIEWS.get(view)));
            }
            for (String table : List.of("agg_summary", "agg_correlation", "agg_calendar_effects", "agg_daily", "agg_monthly",
                    "agg_hourly_profile", "agg_server_window")) {
                s.execute("DELETE FROM " + table);
            }
            s.execute(script);
            for (String view : AnalyticsViews.FROM_ROLLUPS) {
                List<String> key = AnalyticsViews.VIEWS.get(view);
                Map<String, Map<String, Object>> got = fromRollups.get(view);
                Map<String, Map<String, Object>> want = read(s, "SELECT * FROM " + view, key);
                assertEquals(want.keySet(), got.keySet(), view + ": the same groups");
                assertTrue(!want.isEmpty(), view + " has rows");
                for (Map.Entry<String, Map<String, Object>> e : want.entrySet()) {
                    Map<String, Object> g = got.get(e.getKey());
                    assertEquals(e.getValue().keySet(), g.keySet(), view + ": the same columns");
                    for (Map.Entry<String, Object> col : e.getValue().entrySet()) {
                        String where = view + " " + e.getKey() + " " + col.getKey();
                        Object w = col.getValue();
                        Object v = g.get(col.getKey());
                        if (w instanceof Number wn && v instanceof Number vn && !EXACT.contains(col.getKey())) {
                            double a = wn.doubleValue();
                            double b = vn.doubleValue();
                            assertTrue(Math.abs(a - b) <= RELATIVE * Math.max(Math.abs(a), Math.abs(b)) + 1e-12,
                                    where + ": " + b + ", oracle " + a);
                        } else if (w instanceof BigDecimal wd && v instanceof BigDecimal vd) {
                            assertEquals(0, wd.compareTo(vd), where + ": " + vd + ", oracle " + wd);
                        } else {
                            assertTrue(Objects.equals(w, v), where + ": " + v + ", oracle " + w);
                        }
                    }
                    compared++;
                }
            }
            c.rollback();
        }
        return compared;
    }

    private static Map<String, Map<String, Object>> read(Statement s, String sql, List<String> key) throws Exception {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnName(i), rs.getObject(i));
                }
                StringBuilder k = new StringBuilder();
                for (String col : key) {
                    k.append(row.get(col)).append('|');
                }
                if (out.put(k.toString(), row) != null) {
                    throw new AssertionError(sql + " has two rows for " + k);
                }
            }
        }
        return out;
    }
}
