package org.fleetgen.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.fleetgen.config.ConfigException;
import org.fleetgen.jooq.DefaultSchema;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jooq.Table;
import org.jooq.UniqueKey;

/**
 * Creates or upgrades a dataset schema with Flyway: the versioned tables of {@code db/migration}, then
 * the repeatable views of {@code sql/} (re-applied whenever they change).
 *
 * <p>The schema may hold other objects (an application's tables in {@code public}, say): fleetgen keeps its
 * migration history in its own table, {@value #HISTORY}, starts that history from an empty baseline in a
 * schema that already has objects, and before it creates anything refuses a schema where any name it
 * would create (a table, view, index or type) is taken by an object it did not create.
 */
public final class SchemaMigrator {
    /** fleetgen's migration history. Schemas loaded before it had its own name use Flyway's default table. */
    public static final String HISTORY = "fleetgen_schema_history";
    private static final String LEGACY_HISTORY = "flyway_schema_history";

    private SchemaMigrator() {
    }

    /**
     * Brings the schema to the current version. Flyway does it when there is something to upgrade or a
     * schema of other objects to baseline; a schema that is new, or already current, takes a short path
     * instead (Flyway's set-up and classpath scan cost ~0.5 s of a load, bench/load-floor.sh): a new schema
     * gets the same scripts and the same history rows, checksums included, that Flyway would write
     * ({@link #historySql}), so Flyway treats it as its own afterwards.
     */
    public static void migrate(DataSource dataSource, String schema) throws DatabaseException {
        String history = requireOwnable(dataSource, schema);
        if (HISTORY.equals(history) && (current(dataSource, schema) || createdFresh(dataSource, schema))) {
            return;
        }
        flyway(dataSource, schema, history);
    }

    /** Flyway's own migrate: upgrades, baselines, and the validation of an unexpected history. */
    static void flyway(DataSource dataSource, String schema, String history) throws DatabaseException {
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .schemas(schema)
                    .defaultSchema(schema)
                    .createSchemas(true)
                    .table(history)
                    // A schema holding other objects gets an empty baseline (version 0), then every migration.
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .baselineDescription("fleetgen: the schema held other objects")
                    .locations("classpath:db/migration", "classpath:sql")
                    .loggers("slf4j")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new DatabaseException("cannot create schema " + schema + ": " + ConnectionPool.rootMessage(e), e);
        }
    }

    /**
     * True when fleetgen's history lists every script of this build, each with the checksum Flyway computes
     * for it (for a repeatable script, its latest application), all successful, and nothing else.
     */
    static boolean current(DataSource dataSource, String schema) throws DatabaseException {
        try (java.sql.Connection c = dataSource.getConnection()) {
            if (!exists(c, schema, HISTORY)) {
                return false;
            }
            java.util.Map<String, Integer> applied = new java.util.HashMap<>();
            try (java.sql.Statement st = c.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("SELECT DISTINCT ON (script) script, checksum, success FROM "
                         + quote(schema) + "." + quote(HISTORY) + " WHERE type <> 'BASELINE' ORDER BY script, installed_rank DESC")) {
                while (rs.next()) {
                    if (!rs.getBoolean(3)) {
                        return false;
                    }
                    applied.put(rs.getString(1), (Integer) rs.getObject(2));
                }
            }
            return applied.equals(checksums());
        } catch (java.sql.SQLException e) {
            throw new DatabaseException("cannot read the schema history of " + schema + ": " + ConnectionPool.rootMessage(e), e);
        }
    }

    /**
     * Creates the schema's objects and history in one transaction when the schema does not exist or holds
     * nothing; false (nothing done) otherwise. The schema's advisory lock keeps two loads from racing here.
     */
    static boolean createdFresh(DataSource dataSource, String schema) throws DatabaseException {
        try (java.sql.Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (java.sql.Statement st = c.createStatement()) {
                try (java.sql.PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, DatasetStore.lockKey(schema));
                    lock.execute();
                }
                try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT n.oid IS NULL OR NOT (EXISTS (SELECT 1 FROM pg_catalog.pg_class "
                        + "WHERE relnamespace = n.oid) OR EXISTS (SELECT 1 FROM pg_catalog.pg_type WHERE typnamespace = n.oid) "
                        + "OR EXISTS (SELECT 1 FROM pg_catalog.pg_proc WHERE pronamespace = n.oid)) "
                        + "FROM (SELECT (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = ?) AS oid) n")) {
                    ps.setString(1, schema);
                    try (java.sql.ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (!rs.getBoolean(1)) {
                            c.rollback();
                            return false;
                        }
                    }
                }
                st.execute("CREATE SCHEMA IF NOT EXISTS " + quote(schema));
                st.execute("SET LOCAL search_path = " + quote(schema));
                for (String path : SCRIPTS) {
                    st.execute(script(path));
                }
                st.execute(historySql());
                c.commit();
                return true;
            } catch (java.sql.SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (java.sql.SQLException e) {
            throw new DatabaseException("cannot create schema " + schema + ": " + ConnectionPool.rootMessage(e), e);
        }
    }

    /** The migrations in the order Flyway applies them: versioned (db/migration), then repeatable (sql/). */
    public static final List<String> SCRIPTS = List.of("db/migration/V1__dataset_tables.sql", "db/migration/V2__rollups.sql",
            "db/migration/V3__partitioned_metrics.sql", "db/migration/V4__ground_truth.sql",
            "db/migration/V5__incremental_answers.sql", "db/migration/V6__timescaledb.sql",
            "sql/R__10_server_metrics_wide.sql", "sql/R__20_archetype_views.sql", "sql/R__30_time_and_risk_views.sql",
            "sql/R__40_ground_truth.sql");

    /** A migration's text, from the build. */
    public static String script(String path) {
        try (java.io.InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the build");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }

    /**
     * SQL that creates fleetgen's history table in the current schema, recording every migration as
     * applied with the checksum Flyway computes for it: a schema built by a seed script is then one that
     * fleetgen upgrades, reloads or replaces like any other.
     */
    public static String historySql() {
        StringBuilder sql = new StringBuilder("CREATE TABLE " + HISTORY + " (installed_rank integer NOT NULL, version varchar(50), "
                + "description varchar(200) NOT NULL, type varchar(20) NOT NULL, script varchar(1000) NOT NULL, checksum integer, "
                + "installed_by varchar(100) NOT NULL, installed_on timestamp NOT NULL DEFAULT now(), execution_time integer NOT NULL, "
                + "success boolean NOT NULL, CONSTRAINT " + HISTORY + "_pk PRIMARY KEY (installed_rank));\n"
                + "CREATE INDEX " + HISTORY + "_s_idx ON " + HISTORY + " (success);\n");
        int rank = 1;
        java.util.Map<String, Integer> checksums = checksums();
        for (String path : SCRIPTS) {
            String file = path.substring(path.lastIndexOf('/') + 1);
            boolean versioned = file.startsWith("V");
            String stem = file.substring(versioned ? 1 : 3, file.length() - ".sql".length());
            String version = versioned ? stem.substring(0, stem.indexOf("__")) : null;
            String description = (versioned ? stem.substring(stem.indexOf("__") + 2) : stem).replace('_', ' ');
            int checksum = checksums.get(file);
            sql.append("INSERT INTO ").append(HISTORY).append(" VALUES (").append(rank++).append(", ")
                    .append(version == null ? "NULL" : "'" + version + "'").append(", '").append(description).append("', 'SQL', '")
                    .append(file).append("', ").append(checksum).append(", current_user, now(), 0, true);\n");
        }
        return sql.toString();
    }

    /** Each script's file name and the checksum Flyway records for it. */
    static java.util.Map<String, Integer> checksums() {
        java.util.Map<String, Integer> out = new java.util.LinkedHashMap<>();
        for (String path : SCRIPTS) {
            String file = path.substring(path.lastIndexOf('/') + 1);
            out.put(file, org.flywaydb.core.internal.resolver.ChecksumCalculator.calculate(new TextResource(file, script(path))));
        }
        return out;
    }

    /** A migration's text as Flyway's checksum reads it. */
    private static final class TextResource extends org.flywaydb.core.api.resource.LoadableResource {
        private final String name;
        private final String text;

        TextResource(String name, String text) {
            this.name = name;
            this.text = text;
        }

        @Override
        public java.io.Reader read() {
            return new java.io.StringReader(text);
        }

        @Override
        public String getAbsolutePath() {
            return name;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return name;
        }

        @Override
        public String getFilename() {
            return name;
        }

        @Override
        public String getRelativePath() {
            return name;
        }
    }

    /**
     * Every name fleetgen creates in a schema: tables, their keys' indexes, views, and its history table;
     * besides these, the partitions' names begin with {@link MetricsPartitions#PREFIX}.
     */
    static Set<String> ownNames() {
        Set<String> names = new TreeSet<>();
        for (Table<?> t : DefaultSchema.DEFAULT_SCHEMA.getTables()) {
            names.add(t.getName());
            for (UniqueKey<?> k : t.getKeys()) {
                names.add(k.getName());
            }
        }
        names.add(DatasetStore.METRICS_PRIMARY_KEY);
        names.add(MetricsPartitions.UNPARTITIONED);
        names.add(MetricsPartitions.UNPARTITIONED + "_pk");
        names.addAll(AnalyticsViews.VIEWS.keySet());
        // TimescaleDB (Hypertable): the continuous aggregates, and the names a layout change uses for a moment.
        names.addAll(Hypertable.AGGREGATES);
        names.add("server_metrics_hypertable");
        names.add("server_metrics_partitioned");
        names.add(HISTORY);
        return names;
    }

    /**
     * Checks, before anything is written, that fleetgen may create or upgrade its objects in the schema,
     * and returns the name of its history table there. A schema with fleetgen's history is fleetgen's to
     * upgrade; otherwise every name fleetgen would create must be free.
     */
    public static String requireOwnable(DataSource dataSource, String schema) throws DatabaseException {
        // Plain JDBC: this runs before Flyway, and jOOQ's first use is left to overlap with the migration.
        try (java.sql.Connection c = dataSource.getConnection()) {
            if (exists(c, schema, HISTORY)) {
                return HISTORY;
            }
            if (exists(c, schema, LEGACY_HISTORY) && legacyHistoryIsFleetgens(c, schema)) {
                return LEGACY_HISTORY;
            }
            List<String> taken = new ArrayList<>();
            java.sql.Array names = c.createArrayOf("text", ownNames().toArray());
            try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT c.relname, c.relkind FROM pg_catalog.pg_class c "
                    + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? "
                    + "AND (c.relname = ANY (?) OR starts_with(c.relname, ?)) ORDER BY 1")) {
                ps.setString(1, schema);
                ps.setArray(2, names);
                // The partitions' tables and keys: server_metrics_p00000, server_metrics_p00000_pk, ...
                ps.setString(3, MetricsPartitions.PREFIX);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        taken.add(kind(rs.getString(2)) + " \"" + rs.getString(1) + "\"");
                    }
                }
            }
            // A standalone type takes a name a table's row type would need.
            try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT t.typname FROM pg_catalog.pg_type t "
                    + "JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = ? "
                    + "AND (t.typname = ANY (?) OR starts_with(t.typname, ?)) AND t.typrelid = 0 ORDER BY 1")) {
                ps.setString(1, schema);
                ps.setArray(2, names);
                ps.setString(3, MetricsPartitions.PREFIX);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        taken.add("type \"" + rs.getString(1) + "\"");
                    }
                }
            }
            // Another load may have created the schema since the first look: its history commits with every name it took.
            if (!taken.isEmpty() && exists(c, schema, HISTORY)) {
                return HISTORY;
            }
            if (!taken.isEmpty()) {
                throw new ConfigException("schema", schema, "holds " + String.join(", ", taken)
                        + " that fleetgen did not create and would need; load into another schema");
            }
            return HISTORY;
        } catch (java.sql.SQLException e) {
            throw new DatabaseException("cannot inspect schema " + schema + ": " + ConnectionPool.rootMessage(e), e);
        }
    }

    private static boolean exists(java.sql.Connection c, String schema, String table) throws java.sql.SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT to_regclass(format('%I.%I', ?::text, ?::text)) IS NOT NULL")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** True when Flyway's default history table holds fleetgen's first migration (a schema fleetgen created before). */
    private static boolean legacyHistoryIsFleetgens(java.sql.Connection c, String schema) {
        try (java.sql.PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM " + quote(schema) + "." + quote(LEGACY_HISTORY) + " WHERE script = 'V1__dataset_tables.sql'")) {
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (java.sql.SQLException e) {
            return false;  // not a Flyway history table at all
        }
    }

    /** A quoted identifier (schema names are validated identifiers already; quoting pins them regardless). */
    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String kind(String relkind) {
        return switch (relkind) {
            case "r", "p" -> "table";
            case "v" -> "view";
            case "m" -> "materialized view";
            case "i", "I" -> "index";
            case "S" -> "sequence";
            case "f" -> "foreign table";
            default -> "relation";
        };
    }
}
