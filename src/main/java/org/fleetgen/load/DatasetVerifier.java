package org.fleetgen.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.fleetgen.config.DatasetParameters;
import org.fleetgen.fleet.Fleet;
import org.fleetgen.parallel.Parallel;
import org.fleetgen.postgres.ConnectionPool;
import org.fleetgen.postgres.DatabaseException;
import org.fleetgen.postgres.DatasetManifest;
import org.fleetgen.postgres.DatasetStore;
import org.fleetgen.postgres.Fingerprint;
import org.fleetgen.postgres.Rollups;
import org.fleetgen.sample.Chunk;
import org.fleetgen.sample.SampleBlock;
import org.fleetgen.sample.TimeGrid;
import org.fleetgen.simulation.ChunkPlan;
import org.fleetgen.simulation.Dataset;
import org.fleetgen.simulation.FleetSimulator;
import org.jooq.DSLContext;

/**
 * Proves a loaded dataset: every chunk of the plan in the manifest is regenerated and its
 * {@link Fingerprint} compared with the one the server computes over the stored rows (count, exact
 * sums, MD5 of every row's bits in time order), and rows outside every chunk are counted. Workers each
 * take one server's chunks at a time, so memory stays flat whatever the dataset's size.
 */
public final class DatasetVerifier {
    /**
     * A chunk whose stored rows differ from the regenerated ones, or (with {@code rollup}) whose rollups
     * ({@code metric_day}) differ from its stored rows.
     */
    public record Mismatch(Chunk chunk, String serverId, String from, String to, Fingerprint stored, Fingerprint expected,
                           boolean rollup) {
        public String describe() {
            String what;
            if (rollup) {
                what = "its rollup differs from its rows (" + stored.rows() + " rows in the rollup, " + expected.rows() + " in the table)";
            } else if (stored.rows() != expected.rows()) {
                what = stored.rows() + " rows, expected " + expected.rows();
            } else if (!stored.sameCountAndSums(expected)) {
                what = "values differ";
            } else {
                what = "row contents differ";
            }
            return "chunk " + chunk.number() + " (" + serverId + ", " + from + " .. " + to + "): " + what;
        }
    }

    public record Report(String parameters, boolean complete, int chunks, long expectedRows, long rowsChecked,
                         List<Mismatch> mismatches, long rowsOutsideChunks) {
        public boolean ok() {
            return mismatches.isEmpty() && rowsOutsideChunks == 0;
        }
    }

    private final ConnectionPool pool;

    public DatasetVerifier(ConnectionPool pool) {
        this.pool = pool;
    }

    public Report verify(int workers, LoadListener listener) throws DatabaseException {
        DSLContext dsl = pool.dsl();
        DatasetManifest manifest = new DatasetStore(dsl).manifest();
        if (manifest == null) {
            throw new DatabaseException("schema " + pool.target().schema() + " holds no fleetgen dataset");
        }
        DatasetParameters parameters;
        try {
            parameters = DatasetParameters.parse(manifest.parameters());
        } catch (org.fleetgen.config.ConfigException e) {
            throw new DatabaseException("the manifest of schema " + pool.target().schema()
                    + " was written by another fleetgen version and cannot be read: " + e.getMessage(), e);
        }
        Dataset dataset;
        try {
            dataset = Dataset.of(parameters.generation());
        } catch (org.fleetgen.config.ConfigException e) {
            throw new DatabaseException("the manifest of schema " + pool.target().schema()
                    + " names a dataset this fleetgen cannot generate: " + e.getMessage(), e);
        }
        Fleet fleet = dataset.fleet();
        TimeGrid grid = dataset.grid();
        ChunkPlan chunks = dataset.chunks(parameters);
        listener.planned(chunks.rows(), chunks.chunks().size(), 0, 0);

        FleetSimulator simulator = dataset.simulator(1);
        ConcurrentLinkedQueue<List<Chunk>> runs = new ConcurrentLinkedQueue<>(FleetSimulator.runs(chunks.chunks()));
        List<Mismatch> mismatches = Collections.synchronizedList(new ArrayList<>());
        AtomicLong checked = new AtomicLong();
        Exception failure = Parallel.drain(workers, "fleetgen-verify", runs, next -> {
            List<Chunk> run;
            while ((run = next.get()) != null) {
                simulator.generate(run, b -> b, new FleetSimulator.ChunkVisitor<SampleBlock>() {
                    private Fingerprint.Builder expected;

                    @Override
                    public void begin(Chunk chunk) {
                        expected = new Fingerprint.Builder();
                    }

                    @Override
                    public void block(Chunk chunk, SampleBlock b, SampleBlock same) {
                        for (int r = 0; r < b.size(); r++) {
                            expected.add(grid.epochSecond(b.stamp(r)), b.values(r));
                        }
                    }

                    @Override
                    public void end(Chunk chunk) {
                        Fingerprint want = expected.build();
                        Fingerprint got = Fingerprint.of(dsl, chunk.serverIndex(), grid.epochSecond(chunk.fromStamp()),
                                grid.epochSecond(chunk.toStamp()));
                        String server = fleet.server(chunk.serverIndex()).id();
                        String from = grid.timestamp(chunk.fromStamp()).toString();
                        String to = grid.timestamp(chunk.toStamp() - 1).toString();
                        if (!got.matches(want)) {
                            mismatches.add(new Mismatch(chunk, server, from, to, got, want, false));
                        } else {
                            // Rows intact: the chunk's rollup must describe them (after an edit, the rows are the news).
                            Fingerprint rolled = Rollups.fingerprint(dsl, chunk.number(), chunk.serverIndex(),
                                    grid.day(grid.dayIndexOf(chunk.fromStamp())).date(), grid.day(grid.dayIndexOf(chunk.toStamp() - 1)).date(),
                                    grid.granularity() == org.fleetgen.config.Granularity.DAILY);
                            if (!rolled.matches(got)) {
                                mismatches.add(new Mismatch(chunk, server, from, to, rolled, got, true));
                            }
                        }
                        checked.addAndGet(got.rows());
                        listener.chunkLoaded(chunk);
                    }
                });
            }
        });
        if (failure != null) {
            throw new DatabaseException("cannot verify: " + ConnectionPool.rootMessage(failure), failure);
        }
        long outside;
        try {
            outside = Fingerprint.rowsOutside(dsl, grid.epochSecond(0), grid.epochSecond(grid.size()));
        } catch (RuntimeException e) {
            throw new DatabaseException("cannot verify: " + ConnectionPool.rootMessage(e), e);
        }
        List<Mismatch> sorted = new ArrayList<>(mismatches);
        sorted.sort(Comparator.comparingInt(m -> m.chunk().number()));
        return new Report(manifest.parameters(), manifest.complete(), chunks.chunks().size(), chunks.rows(), checked.get(),
                sorted, outside);
    }
}
