package org.fleetgen.postgres;

import static org.fleetgen.jooq.Tables.RISK_SETTINGS;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.fleetgen.config.ConfigException;
import org.fleetgen.config.RiskThresholds;
import org.jooq.DSLContext;
import org.jooq.Name;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * The analytics layer of {@code sql/}: which views exist, their natural order, refreshing the
 * materialized ones, the risk thresholds they read, and read-only grants for BI users. View and role
 * names reach SQL only as jOOQ {@link Name}s, quoted by jOOQ; user text is never concatenated.
 */
public final class AnalyticsViews {
    /** Every view, with the columns that order it. */
    public static final Map<String, List<String>> VIEWS = views();
    /** The views answered from the rollups (tables agg_*), which {@link #refresh} recomputes. */
    public static final List<String> FROM_ROLLUPS = List.of("archetype_summary", "archetype_correlation", "archetype_calendar_effects",
            "archetype_daily", "archetype_monthly", "archetype_hourly_profile", "server_capacity_risk");
    private static final Pattern ROLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

    private final ConnectionPool pool;
    private final DSLContext dsl;
    private final String schema;

    public AnalyticsViews(ConnectionPool pool) {
        this.pool = pool;
        this.dsl = pool.dsl();
        this.schema = pool.target().schema();
    }

    private static Map<String, List<String>> views() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("server_metrics_wide", List.of("server_id", "timestamp"));
        m.put("archetype_summary", List.of("server_type", "metric"));
        m.put("archetype_correlation", List.of("server_type", "metric_a", "metric_b"));
        m.put("archetype_calendar_effects", List.of("server_type", "effect"));
        m.put("archetype_daily", List.of("day", "server_type"));
        m.put("archetype_monthly", List.of("month", "server_type"));
        m.put("archetype_hourly_profile", List.of("server_type", "day_kind", "hour"));
        m.put("server_capacity_risk", List.of("server_id"));
        m.put("metric_expected", List.of("server_id", "ts"));
        m.put("forecast_oracle", List.of("server_id", "ts"));
        m.put("server_events", List.of("server_id", "start_ts"));
        return java.util.Collections.unmodifiableMap(m);
    }

    public static String requireView(String name) {
        if (!VIEWS.containsKey(name)) {
            throw new ConfigException("view", name, "unknown view; views: " + String.join(", ", VIEWS.keySet()));
        }
        return name;
    }

    public static String requireRole(String role) {
        if (role == null || !ROLE.matcher(role).matches()) {
            throw new ConfigException("role", role, "must be a role name: letters, digits, _ and $, not starting with a digit");
        }
        return role;
    }

    /** Stores the thresholds the risk view reads; returns true when they changed. */
    public boolean storeRiskThresholds(RiskThresholds r) throws DatabaseException {
        try {
            org.fleetgen.jooq.tables.records.RiskSettingsRecord old = dsl.selectFrom(RISK_SETTINGS).fetchOne();
            if (old != null && old.getWindowDays() == r.windowDays() && old.getHighRiskThreshold() == r.highRisk()
                    && old.getVeryHighRiskThreshold() == r.veryHighRisk() && old.getUnderutilizedThreshold() == r.underutilized()) {
                return false;
            }
            dsl.insertInto(RISK_SETTINGS)
                    .set(RISK_SETTINGS.ID, 1)
                    .set(RISK_SETTINGS.WINDOW_DAYS, r.windowDays())
                    .set(RISK_SETTINGS.HIGH_RISK_THRESHOLD, r.highRisk())
                    .set(RISK_SETTINGS.VERY_HIGH_RISK_THRESHOLD, r.veryHighRisk())
                    .set(RISK_SETTINGS.UNDERUTILIZED_THRESHOLD, r.underutilized())
                    .onConflict(RISK_SETTINGS.ID).doUpdate()
                    .set(RISK_SETTINGS.WINDOW_DAYS, r.windowDays())
                    .set(RISK_SETTINGS.HIGH_RISK_THRESHOLD, r.highRisk())
                    .set(RISK_SETTINGS.VERY_HIGH_RISK_THRESHOLD, r.veryHighRisk())
                    .set(RISK_SETTINGS.UNDERUTILIZED_THRESHOLD, r.underutilized())
                    .execute();
            return true;
        } catch (DataAccessException e) {
            throw DatasetStore.failure("cannot store the risk thresholds", e);
        }
    }

    /**
     * Recomputes every answer of the views from every rollup, discarding the kept totals. With {@code rebuild}, or when the rollups do
     * not cover every loaded row (a schema loaded before rollups existed), the rollups are first rebuilt
     * from server_metrics. The work is split over up to {@code parallelism} connections.
     */
    public void refresh(boolean rebuild, int parallelism) throws DatabaseException {
        Rollups rollups = new Rollups(pool);
        if (rebuild || !rollups.complete()) {
            rollups.rebuildFromFacts();
        }
        rollups.recompute(parallelism);
        // TimescaleDB: the continuous aggregates too (TimescaleDB re-reads only the ranges whose rows changed).
        org.jooq.DSLContext dsl = pool.dsl();
        Hypertable.Extension ext = Hypertable.installed(dsl);
        if (ext != null && Hypertable.is(dsl)) {
            try {
                Hypertable.repointViews(dsl);
                Hypertable.refresh(dsl, ext);
            } catch (DataAccessException e) {
                throw DatasetStore.failure("cannot refresh the continuous aggregates", e);
            }
        }
    }

    /**
     * Brings the answers up to date with the loaded chunks: adds the chunks not counted yet to the kept
     * totals and recomputes the months they touch (see {@link Rollups#update}); rebuilds the rollups first
     * when they do not cover every loaded row.
     */
    public void update(int parallelism) throws DatabaseException {
        Rollups rollups = new Rollups(pool);
        if (!rollups.complete()) {
            rollups.rebuildFromFacts();
            rollups.recompute(parallelism);
            return;
        }
        rollups.update(parallelism);
    }

    /** True when the views answer for the data as it is: the rollups are complete and were aggregated as they are. */
    public boolean populated() throws DatabaseException {
        return new Rollups(pool).current();
    }

    /** Lets a role read the views, and nothing else: not the tables, the manifest or the ledger. */
    public void grantRead(String role) throws DatabaseException {
        requireRole(role);
        try {
            dsl.transaction(cfg -> {
                DSLContext tx = DSL.using(cfg);
                tx.execute("GRANT USAGE ON SCHEMA {0} TO {1}", DSL.name(schema), DSL.name(role));
                for (String view : VIEWS.keySet()) {
                    tx.grant(DSL.privilege("select")).on(DSL.table(DSL.name(schema, view))).to(DSL.role(DSL.name(role))).execute();
                }
            });
        } catch (DataAccessException e) {
            throw DatasetStore.failure("cannot grant read access to " + role, e);
        }
    }

    /** A small view's rows in its natural order, in memory (the aggregates; not server_metrics_wide). */
    public org.jooq.Result<org.jooq.Record> query(String view) throws DatabaseException {
        requireView(view);
        try {
            List<org.jooq.SortField<?>> order = VIEWS.get(view).stream()
                    .map(c -> DSL.field(DSL.name(c)).asc()).collect(java.util.stream.Collectors.toList());
            return dsl.selectFrom(DSL.table(DSL.name(schema, view))).orderBy(order).fetch();
        } catch (DataAccessException e) {
            throw DatasetStore.failure("cannot read " + view, e);
        }
    }

    /** Receives a view's rows as text, as PostgreSQL prints them; null for SQL NULL. */
    public interface RowSink {
        void columns(List<String> names, List<Boolean> numeric) throws java.io.IOException;

        void row(String[] values) throws java.io.IOException;
    }

    /**
     * A view's rows in its natural order, streamed from a server-side cursor 1,000 rows at a time, so
     * memory stays flat whatever the view's size (server_metrics_wide holds every row of the dataset).
     */
    public void stream(String view, RowSink sink) throws DatabaseException, java.io.IOException {
        requireView(view);
        List<org.jooq.SortField<?>> order = VIEWS.get(view).stream()
                .map(c -> DSL.field(DSL.name(c)).asc()).collect(java.util.stream.Collectors.toList());
        String sql = dsl.renderInlined(dsl.selectFrom(DSL.table(DSL.name(schema, view))).orderBy(order));
        java.io.IOException[] writeFailure = {null};
        try {
            dsl.connection(c -> {
                c.setAutoCommit(false);  // PgJDBC uses a cursor only inside a transaction
                try (java.sql.Statement st = c.createStatement()) {
                    st.setFetchSize(1000);
                    try (java.sql.ResultSet rs = st.executeQuery(sql)) {
                        java.sql.ResultSetMetaData md = rs.getMetaData();
                        int n = md.getColumnCount();
                        List<String> names = new java.util.ArrayList<>();
                        List<Boolean> numeric = new java.util.ArrayList<>();
                        for (int i = 1; i <= n; i++) {
                            names.add(md.getColumnLabel(i));
                            numeric.add(isNumeric(md.getColumnType(i)));
                        }
                        sink.columns(names, numeric);
                        while (rs.next()) {
                            String[] values = new String[n];
                            for (int i = 1; i <= n; i++) {
                                values[i - 1] = rs.getString(i);
                            }
                            sink.row(values);
                        }
                    }
                } catch (java.io.IOException e) {
                    writeFailure[0] = e;
                } finally {
                    c.rollback();
                }
            });
        } catch (DataAccessException e) {
            throw DatasetStore.failure("cannot read " + view, e);
        }
        if (writeFailure[0] != null) {
            throw writeFailure[0];
        }
    }

    private static boolean isNumeric(int sqlType) {
        return switch (sqlType) {
            case java.sql.Types.INTEGER, java.sql.Types.BIGINT, java.sql.Types.SMALLINT, java.sql.Types.DOUBLE,
                    java.sql.Types.REAL, java.sql.Types.FLOAT, java.sql.Types.NUMERIC, java.sql.Types.DECIMAL -> true;
            default -> false;
        };
    }
}
