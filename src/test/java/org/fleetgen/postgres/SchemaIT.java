package org.fleetgen.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.fleetgen.jooq.DefaultSchema;
import org.fleetgen.testing.TestDatabases;
import org.fleetgen.testing.TestDatabases.Db;
import org.jooq.Field;
import org.jooq.Table;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The jOOQ classes were generated from the migrations without a database: Flyway on a real server must agree. */
class SchemaIT {
    static Stream<Db> databases() {
        return TestDatabases.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void migratedTablesMatchTheGeneratedClasses(Db db) throws Exception {
        String schema = TestDatabases.freshSchema("schema");
        try (ConnectionPool pool = ConnectionPool.open(db.target(schema), 2)) {
            SchemaMigrator.migrate(pool.dataSource(), schema);
            SchemaMigrator.migrate(pool.dataSource(), schema);  // idempotent
        }
        TreeMap<String, List<String>> generated = new TreeMap<>();
        for (Table<?> t : DefaultSchema.DEFAULT_SCHEMA.getTables()) {
            List<String> cols = new ArrayList<>();
            for (Field<?> f : t.fields()) {
                cols.add(f.getName() + (f.getDataType().nullable() ? "" : " not null"));
            }
            generated.put(t.getName(), cols);
        }
        TreeMap<String, List<String>> migrated = new TreeMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT c.table_name, c.column_name, c.is_nullable FROM information_schema.columns c "
                     + "JOIN information_schema.tables t USING (table_schema, table_name) WHERE c.table_schema = '" + schema
                     + "' AND t.table_type = 'BASE TABLE' AND c.table_name <> 'fleetgen_schema_history' ORDER BY c.table_name, c.ordinal_position")) {
            while (rs.next()) {
                migrated.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(rs.getString(2) + ("NO".equals(rs.getString(3).toUpperCase(Locale.ROOT)) ? " not null" : ""));
            }
        }
        assertEquals(generated, migrated);
        db.dropSchema(schema);
    }

    /**
     * The Java registry of views ({@link AnalyticsViews#VIEWS}, {@link AnalyticsViews#FROM_ROLLUPS}) is what
     * sql/ creates: a view missing from it would vanish from query and grant-read, and a registered one sql/
     * dropped would fail at run time. No view is materialized any more (they read the rollups' answers).
     * Each registered ordering column must exist in its view.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theViewRegistryIsTheCatalogue(Db db) throws Exception {
        String schema = TestDatabases.freshSchema("views");
        try (ConnectionPool pool = ConnectionPool.open(db.target(schema), 2)) {
            SchemaMigrator.migrate(pool.dataSource(), schema);
        }
        TreeMap<String, String> kinds = new TreeMap<>();
        TreeMap<String, List<String>> columns = new TreeMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE n.nspname = '" + schema + "' AND c.relkind IN ('v', 'm')")) {
                while (rs.next()) {
                    kinds.put(rs.getString(1), rs.getString(2));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                    + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '" + schema + "' AND c.relkind IN ('v', 'm') "
                    + "AND a.attnum > 0 AND NOT a.attisdropped")) {
                while (rs.next()) {
                    columns.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        assertEquals(new java.util.TreeSet<>(AnalyticsViews.VIEWS.keySet()), kinds.navigableKeySet(), "views in sql/ and in the registry");
        java.util.TreeSet<String> materialized = new java.util.TreeSet<>();
        kinds.forEach((name, kind) -> {
            if (kind.equals("m")) {
                materialized.add(name);
            }
        });
        assertEquals(java.util.Set.of(), materialized, "no materialized view is left");
        org.junit.jupiter.api.Assertions.assertTrue(AnalyticsViews.VIEWS.keySet().containsAll(AnalyticsViews.FROM_ROLLUPS));
        AnalyticsViews.VIEWS.forEach((view, order) -> {
            for (String col : order) {
                org.junit.jupiter.api.Assertions.assertTrue(columns.get(view).contains(col), view + " has column " + col);
            }
        });
        db.dropSchema(schema);
    }
}
