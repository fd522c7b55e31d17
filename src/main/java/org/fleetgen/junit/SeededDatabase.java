package org.fleetgen.junit;

import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A test class's own database, holding the dataset of its {@link FleetgenDataset} in {@link #schema()}.
 *
 * @param seconds how long copying it from the template took
 */
public record SeededDatabase(String jdbcUrl, String user, String password, String database, String schema, double seconds) {
    /** A data source on the database whose connections start in the dataset's schema. */
    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(jdbcUrl);
        if (user != null) {
            ds.setUser(user);
        }
        if (password != null) {
            ds.setPassword(password);
        }
        ds.setCurrentSchema(schema);
        return ds;
    }

    @Override
    public String toString() {
        return "SeededDatabase[" + database + ", schema " + schema + "]";  // no password
    }
}
