package org.fleetgen.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import org.fleetgen.testing.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One physical connection handed to overlapping borrowers (the load's lock session and its work): one backend for
 * all of them, the schema pinned, and a borrower's transaction ended by that borrower alone: a borrower that returns
 * the connection inside its own transaction has it rolled back, and a borrower that closes inside another's
 * transaction leaves it open.
 */
class SingleConnectionIT {
    static Stream<TestDatabases.Db> databases() {
        return TestDatabases.all().stream();
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void borrowersShareOneBackendAndEndOnlyTheirOwnTransactions(TestDatabases.Db db) throws Exception {
        String schema = TestDatabases.freshSchema("single");
        try (Connection setup = db.connect(); Statement s = setup.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            s.execute("CREATE TABLE " + schema + ".t (v int)");
        }
        try (ConnectionPool pool = ConnectionPool.single(db.target(schema))) {
            Connection session = pool.connection();
            long pid = count(session, "SELECT pg_backend_pid()");
            assertEquals(schema, session.getSchema(), "the schema is pinned");
            // A borrower that returns the connection inside its transaction: rolled back, autocommit restored.
            try (Connection work = pool.connection(); Statement s = work.createStatement()) {
                assertEquals(pid, count(work, "SELECT pg_backend_pid()"), "one backend for every borrower");
                work.setAutoCommit(false);
                s.execute("INSERT INTO t VALUES (1)");
            }
            assertTrue(session.getAutoCommit());
            assertEquals(0, count(session, "SELECT count(*) FROM t"), "the abandoned transaction was rolled back");
            // A committed unit of work stays.
            try (Connection work = pool.connection(); Statement s = work.createStatement()) {
                work.setAutoCommit(false);
                s.execute("INSERT INTO t VALUES (2)");
                work.commit();
                work.setAutoCommit(true);
            }
            assertEquals(1, count(session, "SELECT count(*) FROM t"));
            // A borrower that closes inside another's transaction does not end it: the owner commits it.
            session.setAutoCommit(false);
            try (Statement s = session.createStatement()) {
                s.execute("INSERT INTO t VALUES (3)");
            }
            try (Connection inner = pool.connection()) {
                assertEquals(2, count(inner, "SELECT count(*) FROM t"), "inside the owner's transaction");
            }
            assertFalse(session.getAutoCommit(), "still the owner's transaction");
            session.commit();
            // An inner borrower cannot commit the owner's transaction (nor release its locks): it works inside it.
            try (Statement s = session.createStatement()) {
                s.execute("LOCK TABLE t IN EXCLUSIVE MODE");
            }
            try (Connection inner = pool.connection(); Statement s = inner.createStatement()) {
                inner.setAutoCommit(false);
                s.execute("INSERT INTO t VALUES (4)");
                inner.commit();
                inner.setAutoCommit(true);
            }
            assertEquals(1, count(session, "SELECT count(*) FROM pg_locks WHERE locktype = 'relation' AND mode = 'ExclusiveLock' "
                    + "AND relation = '" + schema + ".t'::regclass AND pid = pg_backend_pid()"), "the owner's lock is held");
            session.rollback();
            session.setAutoCommit(true);
            session.close();
            // A closed borrow is closed for its holder; the connection goes on for the next one.
            assertThrows(SQLException.class, () -> session.createStatement());
            try (Connection after = pool.connection()) {
                assertEquals(2, count(after, "SELECT count(*) FROM t"), "the inner insert went with the owner's rollback");
                assertEquals(pid, count(after, "SELECT pg_backend_pid()"));
            }
        } finally {
            db.dropSchema(schema);
        }
    }
}
