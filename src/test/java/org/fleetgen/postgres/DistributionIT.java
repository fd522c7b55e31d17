package org.fleetgen.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.fleetgen.testing.TestDatabases;
import org.fleetgen.testing.TestDatabases.Db;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What Citus needs of the statements fleetgen would issue with --distributed, checked on a migrated schema of
 * plain PostgreSQL (Citus itself cannot be installed here): every table of the schema is distributed or a
 * reference table, exactly once; every unique index of a distributed table holds the distribution column
 * (Citus refuses to distribute a table otherwise); the colocated table names its anchor.
 */
class DistributionIT {
    static Stream<Db> databases() {
        return TestDatabases.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void everyTableIsCoveredOnceAndDistributedKeysHoldTheDistributionColumn(Db db) throws Exception {
        String schema = TestDatabases.freshSchema("citus");
        try (ConnectionPool pool = ConnectionPool.open(db.target(schema), 2)) {
            SchemaMigrator.migrate(pool.dataSource(), schema);
        }
        TreeSet<String> tables = new TreeSet<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                     + "WHERE n.nspname = '" + schema + "' AND c.relkind IN ('r', 'p') AND NOT c.relispartition "
                     + "AND c.relname <> '" + SchemaMigrator.HISTORY + "'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        List<String> statements = Distribution.statements();
        TreeSet<String> covered = new TreeSet<>();
        for (String sql : statements) {
            String table = sql.substring(sql.indexOf('\'') + 1, sql.indexOf('\'', sql.indexOf('\'') + 1));
            assertTrue(covered.add(table), "covered twice: " + table);
            boolean distributed = Distribution.DISTRIBUTED.contains(table);
            assertTrue(sql.startsWith(distributed ? "SELECT create_distributed_table('" : "SELECT create_reference_table('"), sql);
            if (distributed && !table.equals(Distribution.DISTRIBUTED.get(0))) {
                assertTrue(sql.contains("colocate_with => '" + Distribution.DISTRIBUTED.get(0) + "'"), sql);
            }
        }
        assertEquals(tables, covered);
        for (String table : Distribution.DISTRIBUTED) {
            List<String> uniques = new ArrayList<>();
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT i.indexrelid::regclass::text, bool_or(a.attname = '" + Distribution.COLUMN + "') "
                         + "FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) "
                         + "WHERE i.indrelid = '" + schema + "." + table + "'::regclass AND i.indisunique GROUP BY 1")) {
                while (rs.next()) {
                    assertTrue(rs.getBoolean(2), rs.getString(1) + " lacks " + Distribution.COLUMN);
                    uniques.add(rs.getString(1));
                }
            }
            assertTrue(!uniques.isEmpty(), table + " has a key");
        }
        db.dropSchema(schema);
    }
}
