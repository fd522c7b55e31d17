package org.fleetgen.report;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fleetgen.config.RiskThresholds;
import org.fleetgen.load.FidelityReport;
import org.fleetgen.parallel.Parallel;
import org.fleetgen.postgres.AnalyticsViews;
import org.fleetgen.postgres.ConnectionPool;
import org.fleetgen.postgres.DatabaseException;
import org.fleetgen.postgres.DatasetManifest;
import org.fleetgen.postgres.DatasetStore;
import org.fleetgen.postgres.Rollups;
import org.fleetgen.simulation.Dataset;
import org.fleetgen.model.ImpliedStatistics;
import org.fleetgen.config.DatasetParameters;
import org.fleetgen.fleet.ArchetypeProfile;

/**
 * Reads what a report shows from a schema, refusing (one line, before anything is written) a schema
 * without a dataset, an unfinished load, or views that do not answer for the rows as they are: a report
 * of those would show numbers that are not the dataset's. Only the aggregate views and the server table
 * are read, so the time does not grow with the rows.
 */
public final class ReportReader {
    /** The views a report reads; server_metrics_wide (every row) is not one of them. */
    public static final List<String> VIEWS = AnalyticsViews.FROM_ROLLUPS;

    private final ConnectionPool pool;

    public ReportReader(ConnectionPool pool) {
        this.pool = pool;
    }

    public ReportData read() throws DatabaseException {
        String schema = pool.target().schema();
        DatasetManifest manifest;
        try (Connection c = pool.dataSource().getConnection()) {
            manifest = DatasetStore.manifest(c, schema);
            if (manifest == null) {
                throw new DatabaseException("schema " + schema + " holds no fleetgen dataset; load one with fleetgen load");
            }
            if (!manifest.complete()) {
                throw new DatabaseException("the load into schema " + schema + " is not complete; rerun the same fleetgen load "
                        + "to finish it, then write the report");
            }
            if (!Rollups.current(c, schema)) {
                throw new DatabaseException("the views of schema " + schema + " do not answer for its rows (loaded with "
                        + "--no-refresh, or rows changed since); run fleetgen refresh, then write the report");
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot connect to read schema " + schema + ": " + e.getMessage(), e);
        }
        // The model's implied statistics are CPU work, the views' rows mostly waiting on the server: side by side.
        Dataset dataset = Dataset.of(DatasetParameters.parse(manifest.parameters()).generation());
        Map<String, ViewTable> tables = new LinkedHashMap<>();
        ViewTable[] fleet = new ViewTable[1];
        RiskThresholds[] risk = new RiskThresholds[1];
        Map<String, ImpliedStatistics> implied = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.Queue<Part> parts = new java.util.concurrent.ConcurrentLinkedQueue<>();
        parts.add(() -> {
            try (Connection c = pool.dataSource().getConnection()) {
                for (String v : VIEWS) {
                    tables.put(v, table(c, "SELECT * FROM " + quote(schema) + "." + quote(v) + " ORDER BY "
                            + String.join(", ", AnalyticsViews.VIEWS.get(v).stream().map(ReportReader::quote).toList())));
                }
                fleet[0] = table(c, "SELECT server_id, server_type, app_name, business_unit, criticality, region FROM "
                        + quote(schema) + ".server ORDER BY server_key");
                ViewTable r = table(c, "SELECT window_days, high_risk_threshold, very_high_risk_threshold, underutilized_threshold FROM "
                        + quote(schema) + ".risk_settings");
                risk[0] = r.rows().isEmpty() ? RiskThresholds.DEFAULTS : new RiskThresholds(((Number) r.rows().get(0)[0]).intValue(),
                        r.number(r.rows().get(0), "high_risk_threshold"), r.number(r.rows().get(0), "very_high_risk_threshold"),
                        r.number(r.rows().get(0), "underutilized_threshold"));
            }
        });
        for (ArchetypeProfile p : dataset.profiles()) {
            parts.add(() -> implied.put(p.key(), FidelityReport.implied(dataset, p)));
        }
        Exception failure = Parallel.drain(2, "report", parts, next -> {
            for (Part part = next.get(); part != null; part = next.get()) {
                part.run();
            }
        });
        if (failure instanceof SQLException e) {
            throw new DatabaseException("cannot read the views of schema " + schema + ": " + e.getMessage(), e);
        }
        if (failure != null) {
            throw new IllegalStateException("cannot read the dataset of schema " + schema + ": " + failure.getMessage(), failure);
        }
        List<FidelityReport.Check> fidelity = FidelityReport.checks(dataset, implied, (view, key, column) -> {
            ViewTable t = tables.get(view);
            List<Object[]> rows = t.where(key);
            return rows.isEmpty() ? null : rows.get(0)[t.column(column)];
        });
        return new ReportData(schema, manifest, fleet[0], tables, risk[0], fidelity);
    }

    /** One of the two halves of a read. */
    @FunctionalInterface
    private interface Part {
        void run() throws Exception;
    }

    private static String quote(String identifier) {
        return org.fleetgen.postgres.SchemaMigrator.quote(identifier);
    }

    /** A small result in memory, with dates and timestamps as java.time. */
    private static ViewTable table(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(md.getColumnLabel(i));
            }
            List<Object[]> rows = new ArrayList<>();
            while (rs.next()) {
                Object[] values = new Object[columns.size()];
                for (int i = 0; i < values.length; i++) {
                    Object v = rs.getObject(i + 1);
                    if (v instanceof java.sql.Date) {
                        v = rs.getObject(i + 1, java.time.LocalDate.class);
                    } else if (v instanceof java.sql.Timestamp) {
                        v = rs.getObject(i + 1, java.time.LocalDateTime.class);
                    }
                    values[i] = v;
                }
                rows.add(values);
            }
            return new ViewTable(columns, rows);
        }
    }
}
