package org.fleetgen.model.reference;

import org.fleetgen.fleet.ArchetypeProfile;
import org.fleetgen.fleet.Server;
import org.fleetgen.model.DayEffects;
import org.fleetgen.model.SampleStream;
import org.fleetgen.sample.Metric;
import org.fleetgen.sample.SampleBlock;
import org.fleetgen.sample.TimeGrid;
import org.fleetgen.stats.CholeskyFactor;
import org.fleetgen.stats.MarsagliaPolarGaussian;
import org.fleetgen.stats.Mt19937;

/**
 * One server's rows, in time order, from its own MT19937 stream (docs/model.md §5, §8).
 *
 * <p>Each stamp consumes four standard normals, then one uniform whether or not a spike happens, so
 * the stream position after stamp t depends only on the server. The polar method rejects a variable
 * number of draws, so a stream cannot jump ahead: {@link #skip(int)} generates and discards.
 * Arithmetic follows the reference's operation order exactly, so every value matches bit for bit
 * before rounding, and after it.
 */
final class ReferenceStream implements SampleStream {
    /** A spike scales memory and network by these shares of its magnitude (§8.6); disk never spikes. */
    static final double MEM_SPIKE_SHARE = 0.7;
    static final double NET_SPIKE_SHARE = 0.8;
    /** Outbound traffic is this share of inbound (§8.7). */
    static final double NET_OUT_SHARE = 0.6;

    private final Server server;
    private final TimeGrid grid;
    private final DayEffects[] effects;
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

    ReferenceStream(Server server, TimeGrid grid, DayEffects[] effects) {
        this.server = server;
        this.grid = grid;
        this.effects = effects;
        this.p = server.profile();
        this.cholesky = p.cholesky();
        this.rng = new Mt19937(server.rngSeed());
        this.gaussian = new MarsagliaPolarGaussian(rng);
        this.length = grid.size();
    }

    @Override
    public Server server() {
        return server;
    }

    /** The index of the stamp the next step generates. */
    @Override
    public int position() {
        return next;
    }

    @Override
    public void skip(int stamps) {
        for (int i = 0; i < stamps; i++) {
            step();
        }
    }

    /** Fills the block (which must start at {@link #position()}) up to its capacity or the end of the grid. */
    @Override
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
    static double calendarFactor(ArchetypeProfile p, TimeGrid grid, DayEffects[] effects, int stamp) {
        int dayIndex = grid.dayIndexOf(stamp);
        TimeGrid.Day day = grid.day(dayIndex);
        DayEffects effect = effects[dayIndex];
        int hour = grid.hourOf(stamp);
        double timeFactor = 1.0;
        if (hour >= 9 && hour <= 17) {
            timeFactor *= p.businessHoursFactor();
        }
        if (day.isWeekend()) {
            timeFactor *= p.weekendFactor();
        }
        return timeFactor * effect.quarterFactor() * effect.holidayFactor();
    }

    /** The growth multiplier of a stamp (§8.2): 1 + (stamp / T) × rate / 100. */
    static double growth(ArchetypeProfile p, int stamp, double length) {
        double trend = stamp / length;
        return 1 + trend * p.monthlyGrowthRate() / 100;
    }

    private void step() {
        int stamp = next++;
        double f = calendarFactor(p, grid, effects, stamp);
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
            memRaw *= magnitude * MEM_SPIKE_SHARE;
            net *= magnitude * NET_SPIKE_SHARE;
        }
        cpu = round2(clip(cpuRaw, Metric.CPU.max()));
        mem = round2(clip(memRaw, Metric.MEM.max()));
        disk = round2(clip(diskRaw, Metric.DISK.max()));
        netIn = round2(clip(net, Metric.NET_IN.max()));
        netOut = round2(clip(net * NET_OUT_SHARE, Metric.NET_OUT.max()));
    }

    private static double clip(double v, double max) {
        return v < 0 ? 0.0 : (v > max ? max : v);
    }

    /** numpy's round(x, 2) on a float64: rint(x·100)/100, ties to even. */
    static double round2(double v) {
        return Math.rint(v * 100) / 100;
    }
}
