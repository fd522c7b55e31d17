package org.fleetgen.postgres;

import java.util.ArrayList;
import java.util.List;
import org.fleetgen.jooq.DefaultSchema;
import org.fleetgen.sample.Partition;
import org.jooq.Table;

/**
 * A dataset on Citus (distributed PostgreSQL): the tables that hold per-server data are distributed by
 * {@value #COLUMN} and colocated, so a server's rows and its rollups live on one node and every join and
 * rollup read stays local to it; every other table is small and read with them, so it is a reference table
 * (a copy on every node). Partitions of a distributed {@code server_metrics} are created as partitions of it,
 * which Citus distributes at once, and filled by COPY through the coordinator (binary COPY into distributed
 * tables is supported; FREEZE is for local tables).
 *
 * <p>No Citus runs where fleetgen is built: {@code DistributionTest} checks these statements against the
 * schema (every table covered, every unique key of a distributed table holding the distribution column),
 * and {@code ShardIT} runs the partition statements on plain PostgreSQL.
 */
public final class Distribution {
    public static final String COLUMN = "server_key";
    /** Distributed, in this order: the first is the colocation group's anchor. */
    public static final List<String> DISTRIBUTED = List.of("server_metrics", "metric_day");

    private Distribution() {
    }

    /** The tables of the schema, as jOOQ knows them from the migrations, that become reference tables. */
    public static List<String> referenceTables() {
        List<String> out = new ArrayList<>();
        for (Table<?> t : DefaultSchema.DEFAULT_SCHEMA.getTables()) {
            if (!DISTRIBUTED.contains(t.getName())) {
                out.add(t.getName());
            }
        }
        out.sort(null);
        return out;
    }

    /** The statements that distribute a new dataset schema (the search path set to it), in order. */
    public static List<String> statements() {
        List<String> out = new ArrayList<>();
        for (String t : DISTRIBUTED) {
            out.add("SELECT create_distributed_table('" + t + "', '" + COLUMN + "'"
                    + (t.equals(DISTRIBUTED.get(0)) ? "" : ", colocate_with => '" + DISTRIBUTED.get(0) + "'") + ")");
        }
        for (String t : referenceTables()) {
            out.add("SELECT create_reference_table('" + t + "')");
        }
        return out;
    }

    /** Refuses a target without Citus, before anything is written. */
    public static void requireCitus(javax.sql.DataSource dataSource) throws DatabaseException {
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_catalog.pg_extension WHERE extname = 'citus'")) {
            rs.next();
            if (rs.getInt(1) == 0) {
                throw new org.fleetgen.config.ConfigException("distributed", true,
                        "needs the citus extension in the target database (CREATE EXTENSION citus; on the coordinator)");
            }
        } catch (java.sql.SQLException e) {
            throw new DatabaseException("cannot read the target's extensions: " + ConnectionPool.rootMessage(e), e);
        }
    }

    /** Distributes the schema's tables that are not distributed yet (a rerun finds them done), in one transaction. */
    public static void distribute(javax.sql.DataSource dataSource, String schema) throws DatabaseException {
        try (java.sql.Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (java.sql.Statement st = c.createStatement()) {
                java.util.Set<String> done = new java.util.HashSet<>();
                try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT c.relname FROM pg_dist_partition d "
                        + "JOIN pg_catalog.pg_class c ON c.oid = d.logicalrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                        + "WHERE n.nspname = ?")) {
                    ps.setString(1, schema);
                    try (java.sql.ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            done.add(rs.getString(1));
                        }
                    }
                }
                for (String sql : statements()) {
                    String table = sql.substring(sql.indexOf('\'') + 1, sql.indexOf('\'', sql.indexOf('\'') + 1));
                    if (!done.contains(table)) {
                        st.execute(sql);
                    }
                }
                c.commit();
            } catch (java.sql.SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (java.sql.SQLException e) {
            throw new DatabaseException("cannot distribute schema " + schema + " with Citus: " + ConnectionPool.rootMessage(e), e);
        }
    }

    /** A partition of a distributed server_metrics: created as a partition of it, keyed by the parent's key. */
    public static String createPartition(Partition p) {
        return "CREATE TABLE " + MetricsPartitions.name(p) + " PARTITION OF server_metrics FOR VALUES FROM (" + p.fromServer()
                + ") TO (" + p.toServer() + ")";
    }
}
