package org.fleetgen.api;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.fleetgen.config.ConfigException;
import org.fleetgen.config.GenerationConfig;
import org.fleetgen.config.ServerSlice;
import org.fleetgen.fleet.Server;
import org.fleetgen.sample.SampleBlock;
import org.fleetgen.sample.TimeGrid;
import org.fleetgen.simulation.ChunkPlan;
import org.fleetgen.simulation.Dataset;
import org.fleetgen.simulation.FleetSimulator;

/**
 * A dataset, by the parameters that determine it (the CLI's {@code --servers}, {@code --start},
 * {@code --end}, {@code --granularity}, {@code --seed}, {@code --only-servers}, {@code --model}), checked
 * when built: a bad value is an {@link IllegalArgumentException} naming the parameter and the value.
 * Equal specs give equal rows, byte for byte, whatever the machine, threads or locale.
 *
 * <pre>{@code
 * DatasetSpec spec = DatasetSpec.builder().servers(20).start(LocalDate.of(2024, 1, 1)).end(LocalDate.of(2024, 3, 31))
 *         .granularity(DatasetSpec.Granularity.HOURLY).seed(7).build();
 * spec.generate(row -> System.out.println(row.serverId() + " " + row.timestamp() + " " + row.cpuP95()));
 * }</pre>
 */
public final class DatasetSpec {
    /** One row per server and day (at midnight), or per server and hour. */
    public enum Granularity { DAILY, HOURLY }

    private final Dataset dataset;

    private DatasetSpec(Dataset dataset) {
        this.dataset = dataset;
    }

    /**
     * The dataset of a validated configuration record, as the CLI builds one from its flags and YAML file
     * (which also set the fleet's distribution, the calendar effects and archetype overrides).
     */
    public static DatasetSpec of(GenerationConfig config) {
        try {
            return new DatasetSpec(Dataset.of(config));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The CLI's default dataset: 120 servers, 2022-01-01 to 2025-12-31, daily, seed 0, the reference model. */
    public static DatasetSpec defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link DatasetSpec}; every setter is optional (the CLI's defaults). */
    public static final class Builder {
        private final GenerationConfig.Builder b = new GenerationConfig.Builder();
        private String onlyServers;

        private Builder() {
        }

        public Builder model(String name) {
            b.model(name);
            return this;
        }

        public Builder servers(int n) {
            b.servers(n);
            return this;
        }

        public Builder start(LocalDate day) {
            b.start(day);
            return this;
        }

        public Builder end(LocalDate day) {
            b.end(day);
            return this;
        }

        /**
         * Days past the end for which the model's expected values (and calendar rows) are written with no observed
         * rows, as {@code --horizon-days}: the {@code forecast_oracle} view. Realistic model only; default 0.
         */
        public Builder horizonDays(int days) {
            b.horizonDays(days);
            return this;
        }

        public Builder granularity(Granularity g) {
            b.granularity(g == Granularity.HOURLY ? org.fleetgen.config.Granularity.HOURLY : org.fleetgen.config.Granularity.DAILY);
            return this;
        }

        public Builder seed(long seed) {
            b.seed(seed);
            return this;
        }

        /** A slice of the fleet, as {@code --only-servers}: {@code "server_000,server_010-server_019"}; null or empty: every server. */
        public Builder onlyServers(String slice) {
            onlyServers = slice == null || slice.isEmpty() ? null : slice;
            return this;
        }

        public DatasetSpec build() {
            try {
                if (onlyServers != null) {
                    b.slice(ServerSlice.parse("onlyServers", onlyServers));
                }
                return new DatasetSpec(Dataset.of(b.build()));
            } catch (ConfigException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
    }

    /** The parameters as a dataset's manifest records them: two specs with equal text describe the same rows. */
    public String canonical() {
        return new org.fleetgen.config.DatasetParameters(dataset.config(), ChunkPlan.DEFAULT_CHUNK_ROWS).canonical();
    }

    /** The same dataset to another last day (what a followed or extended load writes). */
    public DatasetSpec withEnd(java.time.LocalDate end) {
        try {
            return new DatasetSpec(Dataset.of(dataset.config().toBuilder().end(end).build()));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Whether a loaded dataset of this model can be extended to a later end (realistic: yes; reference: no). */
    public boolean extendable() {
        return dataset.model().appendable();
    }

    /** Rows in the dataset: servers × time stamps. */
    public long rows() {
        return dataset.rows();
    }

    public Granularity granularity() {
        return dataset.config().granularity() == org.fleetgen.config.Granularity.HOURLY ? Granularity.HOURLY : Granularity.DAILY;
    }

    /** The servers generated (a slice's, or the whole fleet's), in order. */
    public List<ServerInfo> servers() {
        List<ServerInfo> out = new ArrayList<>();
        for (int index : dataset.servers()) {
            Server s = dataset.fleet().server(index);
            out.add(new ServerInfo(s.id(), s.type(), s.metadata().appName(), s.metadata().businessUnit(), s.metadata().criticality(),
                    s.metadata().region()));
        }
        return out;
    }

    /** The dataset's days, in order, with the calendar flags the model uses. */
    public List<CalendarDay> calendar() {
        TimeGrid grid = dataset.grid();
        List<CalendarDay> out = new ArrayList<>(grid.dayCount());
        for (int d = 0; d < grid.dayCount(); d++) {
            TimeGrid.Day day = grid.day(d);
            out.add(new CalendarDay(day.date(), day.dayOfWeek(), day.quarter(), day.isWeekend(), day.isEoq(), day.isHoliday(),
                    day.holidayName()));
        }
        return out;
    }

    /**
     * Every row, server by server and in time order within a server, to {@code rows} on the calling thread
     * (generated on up to {@code threads} others, a bounded window ahead, so memory stays flat). Returns the
     * number of rows. An exception thrown by {@code rows} stops the generation and is rethrown.
     */
    public long generate(Consumer<MetricRow> rows, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: " + threads + " must be a positive integer");
        }
        TimeGrid grid = dataset.grid();
        try {
            return dataset.simulator(threads).run(dataset.wholeServers(), block -> block, new FleetSimulator.ChunkVisitor<SampleBlock>() {
                @Override
                public void begin(org.fleetgen.sample.Chunk chunk) {
                }

                @Override
                public void block(org.fleetgen.sample.Chunk chunk, SampleBlock block, SampleBlock same) {
                    String id = block.server().id();
                    for (int r = 0; r < block.size(); r++) {
                        rows.accept(new MetricRow(id, grid.timestamp(block.stamp(r)), block.cpu(r), block.mem(r), block.disk(r),
                                block.netIn(r), block.netOut(r)));
                    }
                }

                @Override
                public void end(org.fleetgen.sample.Chunk chunk) {
                }
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new FleetgenException("generation failed: " + e.getMessage(), e);
        }
    }

    /** {@link #generate(Consumer, int)} on one generator thread per core. */
    public long generate(Consumer<MetricRow> rows) {
        return generate(rows, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /** The internal description of the dataset, for the loader. */
    Dataset dataset() {
        return dataset;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatasetSpec other && other.canonical().equals(canonical());
    }

    @Override
    public int hashCode() {
        return canonical().hashCode();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "DatasetSpec[%s]", canonical());
    }
}
