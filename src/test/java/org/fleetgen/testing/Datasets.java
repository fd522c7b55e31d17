package org.fleetgen.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Content checks on a loaded schema. */
public final class Datasets {
    private Datasets() {
    }

    /** An order-independent digest of server_metrics: md5 of every row, sorted by server and time. */
    public static String checksum(TestDatabases.Db db, String schema) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT md5(string_agg(concat_ws(',', server_key, extract(epoch from ts)::bigint, "
                     + "float8send(cpu_p95), float8send(mem_p95), float8send(disk_p95), float8send(net_in_p95), float8send(net_out_p95)), ';' "
                     + "ORDER BY server_key, ts)) FROM " + schema + ".server_metrics")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Rows per server key. */
    public static Map<Integer, Long> countsPerServer(TestDatabases.Db db, String schema) throws SQLException {
        Map<Integer, Long> out = new LinkedHashMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT server_key, count(*) FROM " + schema + ".server_metrics GROUP BY 1 ORDER BY 1")) {
            while (rs.next()) {
                out.put(rs.getInt(1), rs.getLong(2));
            }
        }
        return out;
    }

    public static long scalar(TestDatabases.Db db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** An md5 of a query's rows as text, in text order: equal for equal row sets. */
    public static String digest(TestDatabases.Db db, String query) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ';' ORDER BY t::text)), '') FROM ("
                     + query + ") t")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * The rows of a query, each as text with its doubles to 12 significant digits, sorted: equal lists for equal rows
     * up to the last bits of sums taken in another order (a view's means over rows that came in other chunks).
     */
    public static List<String> rows(TestDatabases.Db db, String query) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            java.sql.ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    b.append(i > 1 ? "|" : "").append(v instanceof Double d ? String.format(java.util.Locale.ROOT, "%.12g", d) : String.valueOf(v));
                }
                out.add(b.toString());
            }
        }
        java.util.Collections.sort(out);
        return out;
    }
}
