package org.fleetgen.model.realistic;

import org.fleetgen.fleet.Server;
import org.fleetgen.model.SampleStream;
import org.fleetgen.sample.SampleBlock;
import org.fleetgen.sample.TimeGrid;

/**
 * One server's rows from its {@link HourlyProcess}: on an hourly grid the process's hours, on a daily grid
 * each day's 95th percentile of them. The process is random access, so skipping costs nothing.
 */
final class RealisticStream implements SampleStream {
    private static final long ORIGIN_HOUR = RegionTime.ORIGIN_EPOCH_SECOND / 3600;

    private final Server server;
    private final TimeGrid grid;
    private final HourlyProcess process;
    private final boolean hourly;
    private double[][] hours = new double[5][0];
    private final double[] day = new double[5];
    private int next;

    RealisticStream(Server server, TimeGrid grid, RealisticProfile profile) {
        this.server = server;
        this.grid = grid;
        this.process = new HourlyProcess(profile, server.rngSeed(), server.metadata().region());
        this.hourly = grid.granularity() == org.fleetgen.config.Granularity.HOURLY;
    }

    @Override
    public Server server() {
        return server;
    }

    @Override
    public int position() {
        return next;
    }

    @Override
    public void skip(int stamps) {
        next = Math.min(grid.size(), next + stamps);
    }

    @Override
    public void fill(SampleBlock block, int untilStamp) {
        int end = Math.min(Math.min(untilStamp, grid.size()), next + block.capacity() - block.size());
        int count = end - next;
        if (count <= 0) {
            return;
        }
        if (hourly) {
            if (hours[0].length < count) {
                hours = new double[5][count];
            }
            // Hourly stamps are consecutive hours from the grid's first.
            process.fill(grid.epochSecond(next) / 3600 - ORIGIN_HOUR, count, hours);
            for (int i = 0; i < count; i++) {
                block.add(hours[0][i], hours[1][i], hours[2][i], hours[3][i], hours[4][i]);
            }
        } else {
            // One run over the days' hours: each day by itself would repeat its block's burn-in and walk.
            if (hours[0].length < count * 24) {
                hours = new double[5][count * 24];
            }
            process.fill(grid.epochSecond(next) / 3600 - ORIGIN_HOUR, count * 24, hours);
            double[] one = new double[24];
            for (int i = 0; i < count; i++) {
                for (int m = 0; m < 5; m++) {
                    System.arraycopy(hours[m], i * 24, one, 0, 24);
                    day[m] = Math.rint(org.fleetgen.stats.PercentileCont.of(one, 24, 0.95) * 100) / 100;
                }
                block.add(day[0], day[1], day[2], day[3], day[4]);
            }
        }
        next = end;
    }
}
