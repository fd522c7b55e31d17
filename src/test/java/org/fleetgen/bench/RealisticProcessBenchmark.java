package org.fleetgen.bench;

import java.util.concurrent.TimeUnit;
import org.fleetgen.model.realistic.HourlyProcess;
import org.fleetgen.model.realistic.RealisticProfile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The realistic model's hourly process on one thread, in rows per second (a row: five metrics of one server
 * at one hour): a year of hours per server, a new server per invocation (issue 15's target: at least 3M rows/s).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RealisticProcessBenchmark {
    private static final int HOURS = 8760;
    private final double[][] out = new double[5][HOURS];
    private long server;
    private long from;

    @Setup
    public void setUp() {
        from = (java.time.LocalDate.of(2024, 1, 1).toEpochDay() - java.time.LocalDate.of(2000, 1, 1).toEpochDay()) * 24;
    }

    @Benchmark
    @OperationsPerInvocation(HOURS)
    public double hourlyYearOfOneServer() {
        String[] types = {"web", "application", "database", "batch"};
        HourlyProcess p = new HourlyProcess(RealisticProfile.DEFAULTS.get(types[(int) (server % 4)]), server, "EU");
        server++;
        p.fill(from, HOURS, out);
        return out[0][HOURS - 1];
    }
}
