package org.fleetgen.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.fleetgen.config.DatabaseTarget;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * A HikariCP pool on the target, with {@code search_path} pinned to the dataset's schema on every
 * connection so the unqualified jOOQ classes and the migrations resolve there and nowhere else. Opening it connects once, so a wrong URL, host or
 * password fails here, fast, with the server's own reason.
 */
public final class ConnectionPool implements AutoCloseable {
    private final DataSource dataSource;
    private final AutoCloseable closer;
    private final DatabaseTarget target;
    private volatile boolean copyFromStdin = true;

    private ConnectionPool(HikariDataSource dataSource, DatabaseTarget target) {
        this(dataSource, dataSource, target);
    }

    private ConnectionPool(DataSource dataSource, AutoCloseable closer, DatabaseTarget target) {
        this.dataSource = dataSource;
        this.closer = closer;
        this.target = target;
    }

    /**
     * One connection for everything ({@link SingleConnection}): for targets that take one client at a time. The
     * schema is pinned on it as on a pooled one.
     */
    public static ConnectionPool single(DatabaseTarget target) throws DatabaseException {
        java.util.Properties p = new java.util.Properties();
        if (target.user() != null && !target.user().isEmpty()) {
            p.setProperty("user", target.user());
        }
        if (!target.password().isEmpty()) {
            p.setProperty("password", target.password().reveal());
        }
        p.setProperty("ApplicationName", "fleetgen");
        p.setProperty("connectTimeout", "10");
        p.setProperty("tcpKeepAlive", "true");
        try {
            Connection c = new org.postgresql.Driver().connect(target.jdbcUrl(), p);
            if (c == null) {
                throw new DatabaseException("cannot connect to " + target.redactedUrl() + ": the PostgreSQL driver does not accept the URL", null);
            }
            c.setSchema(target.schema());
            SingleConnection single = new SingleConnection(c);
            return new ConnectionPool(single, single, target);
        } catch (SQLException e) {
            throw new DatabaseException("cannot connect to " + target.redactedUrl() + ": " + rootMessage(e), e);
        }
    }

    /** {@link #single(DatabaseTarget)} on a connection of a caller's {@link DataSource}. */
    public static ConnectionPool single(DataSource userSource, String schema) throws DatabaseException {
        DatabaseTarget.requireSchema(schema);
        try {
            Connection c = userSource.getConnection();
            DatabaseTarget target = new DatabaseTarget(c.getMetaData().getURL(), c.getMetaData().getUserName(),
                    new org.fleetgen.config.Secret(""), schema);
            c.setAutoCommit(true);
            c.setSchema(schema);
            SingleConnection single = new SingleConnection(c);
            return new ConnectionPool(single, single, target);
        } catch (SQLException e) {
            throw new DatabaseException("cannot connect with the given DataSource: " + rootMessage(e), e);
        }
    }

    public static ConnectionPool open(DatabaseTarget target, int size) throws DatabaseException {
        HikariConfig c = new HikariConfig();
        c.setPoolName("fleetgen");
        c.setJdbcUrl(target.jdbcUrl());
        if (target.user() != null && !target.user().isEmpty()) {
            c.setUsername(target.user());
        }
        if (!target.password().isEmpty()) {
            c.setPassword(target.password().reveal());
        }
        c.setMaximumPoolSize(size);
        // A fixed-size pool: the first connection (the check that the server is there) is kept, not closed and
        // opened again, and the workers' connections open on the pool's own thread while the schema is set up,
        // not one after another when the workers start (a load's first COPY about 0.05 s sooner).
        c.setMinimumIdle(size);
        c.setConnectionTimeout(15_000);
        c.setInitializationFailTimeout(1);
        c.setAutoCommit(true);
        // Every connection, Flyway's included, works in the dataset's schema whatever the URL says
        // (currentSchema=..., options=-c search_path=...): Hikari sets it on each new connection and
        // resets it whenever a borrower changed it. The name is a checked plain identifier.
        c.setSchema(target.schema());
        c.addDataSourceProperty("ApplicationName", "fleetgen");
        c.addDataSourceProperty("connectTimeout", "10");
        c.addDataSourceProperty("tcpKeepAlive", "true");
        try {
            return new ConnectionPool(new HikariDataSource(c), target);
        } catch (HikariPool.PoolInitializationException e) {
            throw new DatabaseException("cannot connect to " + target.redactedUrl() + ": " + rootMessage(e), e);
        } catch (RuntimeException e) {
            throw new DatabaseException("cannot connect to " + target.redactedUrl() + ": " + rootMessage(e), e);
        }
    }

    /**
     * A pool over a caller's {@link DataSource} (a library user's), with the same pinning of the schema; the
     * target it reports carries the URL and user the data source connects with, and no password.
     */
    public static ConnectionPool open(DataSource userSource, String schema, int size) throws DatabaseException {
        DatabaseTarget.requireSchema(schema);
        String url;
        String user;
        try (Connection c = userSource.getConnection()) {
            url = c.getMetaData().getURL();
            user = c.getMetaData().getUserName();
        } catch (SQLException e) {
            throw new DatabaseException("cannot connect with the given DataSource: " + rootMessage(e), e);
        }
        HikariConfig c = new HikariConfig();
        c.setPoolName("fleetgen");
        c.setDataSource(userSource);
        c.setMaximumPoolSize(size);
        c.setMinimumIdle(0);
        c.setConnectionTimeout(15_000);
        c.setInitializationFailTimeout(1);
        c.setAutoCommit(true);
        c.setSchema(schema);
        DatabaseTarget target = new DatabaseTarget(url, user, new org.fleetgen.config.Secret(""), schema);
        try {
            return new ConnectionPool(new HikariDataSource(c), target);
        } catch (RuntimeException e) {
            throw new DatabaseException("cannot connect to " + target.redactedUrl() + ": " + rootMessage(e), e);
        }
    }

    /**
     * Rejects a URL the driver would refuse (it would log a warning and answer "no suitable driver"), as
     * bad input: one line naming the field, the URL redacted.
     */
    public static void requireDriverAccepts(String field, String url) {
        java.util.Properties parsed = org.postgresql.Driver.parseURL(url, null);
        if (parsed == null) {
            throw new org.fleetgen.config.ConfigException(field, org.fleetgen.config.ConnectionUrl.redact(url),
                    "the PostgreSQL driver cannot read this URL; expected jdbc:postgresql://HOST[:PORT]/DATABASE[?key=value&...]");
        }
    }

    /** Whether bulk writes may use COPY FROM STDIN (true) or must be INSERTs ({@link TextInserts}): --method jooq. */
    public boolean copyFromStdin() {
        return copyFromStdin;
    }

    public void copyFromStdin(boolean allowed) {
        copyFromStdin = allowed;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public DatabaseTarget target() {
        return target;
    }

    public Connection connection() throws DatabaseException {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new DatabaseException("cannot connect to " + target.redactedUrl() + ": " + rootMessage(e), e);
        }
    }

    /** A jOOQ context on the pool (each statement takes and returns a connection). */
    public DSLContext dsl() {
        return DSL.using(dataSource, SQLDialect.POSTGRES);
    }

    /** The deepest message in a cause chain, on one line. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        String message = e.getMessage();
        boolean underDatabaseError = false;
        boolean socket = false;
        while (t != null) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
                // An I/O error under a database error is the server's connection ("Broken pipe" alone says nothing of it).
                socket = underDatabaseError && t instanceof java.io.IOException;
            }
            underDatabaseError |= t instanceof java.sql.SQLException;
            t = t.getCause() == t ? null : t.getCause();
        }
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        message = message.replaceAll("\\s+", " ").trim();
        return socket ? "the connection to the database broke (" + message + ")" : message;
    }

    @Override
    public void close() {
        try {
            closer.close();
        } catch (Exception e) {
            // Closing: a connection that will not close cleanly is gone with the process; nothing is pending on it.
        }
    }
}
