package org.fleetgen.api;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.fleetgen.config.ConfigException;
import org.fleetgen.config.DatabaseTarget;
import org.fleetgen.config.RiskThresholds;
import org.fleetgen.config.Secret;
import org.fleetgen.load.DatasetLoader;
import org.fleetgen.load.DatasetVerifier;
import org.fleetgen.load.LoadListener;
import org.fleetgen.load.LoadMethod;
import org.fleetgen.postgres.ConnectionPool;
import org.fleetgen.postgres.DatabaseException;
import org.fleetgen.sink.SinkException;

/**
 * Loads and verifies datasets in PostgreSQL, as {@code fleetgen load} and {@code fleetgen verify} do and
 * with their guarantees: every statement is pinned to {@code schema} (created if missing), each chunk
 * commits with its ledger row, a load interrupted at any moment is finished by the same call again, and a
 * schema holding another dataset is refused unless {@link LoadOptions#withReplace(boolean) replace} is set.
 * Objects in the schema that fleetgen did not create are never touched, and a name fleetgen needs that
 * one of them holds is refused.
 *
 * <pre>{@code
 * LoadResult r = DatasetLoads.load(dataSource, "fleet", DatasetSpec.defaults());
 * VerifyResult v = DatasetLoads.verify(dataSource, "fleet");
 * }</pre>
 */
public final class DatasetLoads {
    private DatasetLoads() {
    }

    public static LoadResult load(DataSource dataSource, String schema, DatasetSpec spec) {
        return load(dataSource, schema, spec, LoadOptions.defaults());
    }

    /** Loads into the database a {@link DataSource} connects to (any pool or driver data source; fleetgen opens at most workers + 2 connections). */
    public static LoadResult load(DataSource dataSource, String schema, DatasetSpec spec, LoadOptions options) {
        requireSchema(schema);
        try (ConnectionPool pool = ConnectionPool.open(dataSource, schema, options.workers() + 2)) {
            return load(pool, spec, options);
        } catch (DatabaseException e) {
            throw new FleetgenException(e.getMessage(), e);
        }
    }

    /** Loads into the database at a JDBC URL ({@code jdbc:postgresql://host:port/db}); user and password may be null. */
    public static LoadResult load(String jdbcUrl, String user, String password, String schema, DatasetSpec spec, LoadOptions options) {
        DatabaseTarget target = target(jdbcUrl, user, password, schema);
        try (ConnectionPool pool = ConnectionPool.open(target, options.workers() + 2)) {
            return load(pool, spec, options);
        } catch (DatabaseException e) {
            throw new FleetgenException(e.getMessage(), e);
        }
    }

    private static LoadResult load(ConnectionPool pool, DatasetSpec spec, LoadOptions options) throws DatabaseException {
        long start = System.nanoTime();
        try {
            DatasetLoader.Options o = new DatasetLoader.Options(options.workers(), LoadMethod.COPY, options.replace(), options.chunkRows(),
                    version(), RiskThresholds.DEFAULTS, options.refreshViews(), null);
            DatasetLoader.Result r = new DatasetLoader(pool).load(spec.dataset(), o, new LoadListener() { });
            return new LoadResult(r.outcome() == DatasetLoader.Outcome.ALREADY_COMPLETE, r.rowsLoaded(), r.chunksLoaded(), r.totalRows(),
                    (System.nanoTime() - start) / 1e9);
        } catch (DatasetLoader.OtherDataset e) {
            throw new IllegalArgumentException("schema " + pool.target().schema() + ": " + e.reason()
                    + "; load with LoadOptions.withReplace(true) to overwrite it, or into another schema", e);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (SinkException e) {
            throw new FleetgenException(e.getMessage(), e);
        }
    }

    /** Checks the dataset in {@code schema} row by row against its manifest, as {@code fleetgen verify}. */
    public static VerifyResult verify(DataSource dataSource, String schema) {
        requireSchema(schema);
        int workers = DatasetLoader.defaultWorkers();
        try (ConnectionPool pool = ConnectionPool.open(dataSource, schema, workers + 1)) {
            DatasetVerifier.Report r = new DatasetVerifier(pool).verify(workers, new LoadListener() { });
            List<String> differences = new ArrayList<>();
            r.mismatches().forEach(m -> differences.add(m.describe()));
            return new VerifyResult(r.complete(), r.expectedRows(), r.rowsChecked(), r.rowsOutsideChunks(), differences);
        } catch (DatabaseException e) {
            throw new FleetgenException(e.getMessage(), e);
        }
    }

    private static void requireSchema(String schema) {
        try {
            DatabaseTarget.requireSchema(schema);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static DatabaseTarget target(String jdbcUrl, String user, String password, String schema) {
        try {
            ConnectionPool.requireDriverAccepts("jdbcUrl", jdbcUrl);
            return new DatabaseTarget(jdbcUrl, user, new Secret(password == null ? "" : password), schema);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static String version() {
        String v = DatasetLoads.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
