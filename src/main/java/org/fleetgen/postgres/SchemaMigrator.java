package org.fleetgen.postgres;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Creates or upgrades a dataset schema with Flyway: the versioned tables of {@code db/migration}, then
 * the repeatable views of {@code sql/} (re-applied whenever they change).
 */
public final class SchemaMigrator {
    private SchemaMigrator() {
    }

    public static void migrate(DataSource dataSource, String schema) throws DatabaseException {
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .schemas(schema)
                    .defaultSchema(schema)
                    .createSchemas(true)
                    .locations("classpath:db/migration", "classpath:sql")
                    .loggers("slf4j")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new DatabaseException("cannot create schema " + schema + ": " + ConnectionPool.rootMessage(e), e);
        }
    }
}
