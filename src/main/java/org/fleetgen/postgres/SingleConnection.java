package org.fleetgen.postgres;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that hands out one physical connection, again and again, to borrowers that may overlap
 * (the load's lock session stays open while the work borrows): a load on a target that takes one client at a
 * time (a pooler's single slot, PGlite). Work on it is sequential: the load then has one worker.
 *
 * <p>A borrower's {@code close} leaves the connection open. A borrower that turned autocommit off owns the transaction:
 * returning the connection still in it gets it rolled back and autocommit restored, as a pool would do, so a failed
 * unit of work cannot leak its transaction into the next borrower's statements. A borrower that comes while another
 * owns a transaction works inside it (there is one backend): its autocommit changes, commits and rollbacks are
 * ignored, so that it can neither commit nor abandon the owner's work, nor release the owner's transaction locks.
 */
final class SingleConnection implements DataSource, AutoCloseable {
    private final Connection physical;
    /** The borrow that turned autocommit off, which alone may end that transaction by closing. */
    private Object transactionOwner;

    SingleConnection(Connection physical) {
        this.physical = physical;
    }

    @Override
    public synchronized Connection getConnection() throws SQLException {
        if (physical.isClosed()) {
            throw new SQLException("the connection to the database is closed");
        }
        Borrow borrow = new Borrow();
        Connection proxy = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, borrow);
        borrow.self = proxy;
        return proxy;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    private final class Borrow implements InvocationHandler {
        private Object self;
        private boolean closed;

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "close":
                    if (!closed) {
                        closed = true;
                        release();
                    }
                    return null;
                case "isClosed":
                    return closed || physical.isClosed();
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "fleetgen single connection (" + physical + ")";
                case "unwrap":
                case "isWrapperFor":
                    break;
                default:
                    if (closed) {
                        throw new SQLException("connection borrowed from the single connection was closed");
                    }
            }
            switch (method.getName()) {
                case "setAutoCommit":
                case "commit":
                case "rollback":
                    synchronized (SingleConnection.this) {
                        if (transactionOwner != null && transactionOwner != self) {
                            // Inside another borrower's transaction (one backend: its work joins it): only the owner ends it.
                            return null;
                        }
                        if ("setAutoCommit".equals(method.getName())) {
                            transactionOwner = Boolean.FALSE.equals(args[0]) ? self : null;
                        }
                    }
                    break;
                default:
                    break;
            }
            try {
                return method.invoke(physical, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private void release() throws SQLException {
            synchronized (SingleConnection.this) {
                if (transactionOwner != self) {
                    return;
                }
                transactionOwner = null;
            }
            if (!physical.isClosed() && !physical.getAutoCommit()) {
                physical.rollback();
                physical.setAutoCommit(true);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        physical.close();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // No log: the driver's own logging applies.
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // The connection is open already.
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
