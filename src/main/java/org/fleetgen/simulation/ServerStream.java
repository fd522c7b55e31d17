package org.fleetgen.simulation;

import org.fleetgen.fleet.ArchetypeProfile;
import org.fleetgen.fleet.Server;
import org.fleetgen.sample.SampleBlock;
import org.fleetgen.sample.TimeGrid;
import org.fleetgen.simulation.stats.CholeskyFactor;
import org.fleetgen.simulation.stats.MarsagliaPolarGaussian;
import org.fleetgen.simulation.stats.Mt19937;

/**
 * One server's rows, in time order, from its own MT19937 stream (reference model §5, §8).
 *
 * <p>Each stamp consumes four standard normals, then one uniform whether or not a spike happens, so
 * the stream position after stamp t depends only on the server. The polar method rejects a variable
 * number of draws, so a stream cannot jump ahead: {@link #skip(int)} generates and discards.
 * Arithmetic follows the reference's operation order exactly, so every value matches bit for bit
 * before rounding, and after it.
 */
public final class ServerStream {
    private final Server server;
    private final TimeGrid grid;
    private final ArchetypeProfile p;
    private final CholeskyFactor cholesky;
    private final Mt19937 rng;
    private final MarsagliaPolarGaussian gaussian;
    private final double[] z = new double[4];
    private final double[] c = new double[4];
    private final double length;
    private int next;

    // Output of the last step, already clipped and rounded.
    private double cpu;
    private double mem;
    private double disk;
    private double netIn;
    private double netOut;

    public ServerStream(Server server, TimeGrid grid) {
        this.server = server;
        this.grid = grid;
        this.p = server.profile();
        this.cholesky = p.cholesky();
        this.rng = new Mt19937(server.rngSeed());
        this.gaussian = new MarsagliaPolarGaussian(rng);
        this.length = grid.size();
    }

    public Server server() {
        return server;
    }

    /** The index of the stamp the next step generates. */
    public int position() {
        return next;
    }

    public boolean hasNext() {
        return next < grid.size();
    }

    public void skip(int stamps) {
        for (int i = 0; i < stamps; i++) {
            step();
        }
    }

    /** Fills the block (which must start at {@link #position()}) up to its capacity or the end of the grid. */
    public void fill(SampleBlock block, int untilStamp) {
        if (block.firstStamp() != next) {
            throw new IllegalStateException("block starts at " + block.firstStamp() + ", stream is at " + next);
        }
        int end = Math.min(untilStamp, Math.min(grid.size(), block.firstStamp() + block.capacity()));
        while (next < end) {
            step();
            block.add(cpu, mem, disk, netIn, netOut);
        }
    }

    /**
     * The calendar multiplier f of a stamp (§8.1, §8.5): business hours (09:00-17:00 stamps) × weekend,
     * then × the day's quarter-end and holiday factors, in the reference's operation order.
     */
    static double calendarFactor(ArchetypeProfile p, TimeGrid grid, int stamp) {
        TimeGrid.Day day = grid.day(grid.dayIndexOf(stamp));
        int hour = grid.hourOf(stamp);
        double timeFactor = 1.0;
        if (hour >= 9 && hour <= 17) {
            timeFactor *= p.businessHoursFactor();
        }
        if (day.isWeekend()) {
            timeFactor *= p.weekendFactor();
        }
        return timeFactor * day.quarterFactor() * day.holidayFactor();
    }

    /** The growth multiplier of a stamp (§8.2): 1 + (stamp / T) × rate / 100. */
    static double growth(ArchetypeProfile p, int stamp, double length) {
        double trend = stamp / length;
        return 1 + trend * p.monthlyGrowthRate() / 100;
    }

    private void step() {
        int stamp = next++;
        double f = calendarFactor(p, grid, stamp);
        double growth = growth(p, stamp, length);

        z[0] = gaussian.next();
        z[1] = gaussian.next();
        z[2] = gaussian.next();
        z[3] = gaussian.next();
        cholesky.multiply(z, c);

        double cpuRaw = p.baseCpu() * f * growth + c[0] * p.cpuSd();
        double memRaw = p.baseMemory() * f * growth + c[1] * p.memorySd();
        double diskRaw = p.baseDisk() * growth + c[2] * p.diskSd();
        double net = p.baseNetwork() * f + c[3] * p.networkSd();
        if (rng.nextDouble() < p.spikeProbability()) {
            double magnitude = p.spikeMagnitude();
            cpuRaw *= magnitude;
            memRaw *= magnitude * 0.7;
            net *= magnitude * 0.8;
        }
        cpu = round2(clip(cpuRaw, 100));
        mem = round2(clip(memRaw, 100));
        disk = round2(clip(diskRaw, 100));
        netIn = round2(clip(net, 1000));
        netOut = round2(clip(net * 0.6, 600));
    }

    private static double clip(double v, double max) {
        return v < 0 ? 0.0 : (v > max ? max : v);
    }

    /** numpy's round(x, 2) on a float64: rint(x·100)/100, ties to even. */
    static double round2(double v) {
        return Math.rint(v * 100) / 100;
    }
}
