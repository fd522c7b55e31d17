package org.fleetgen.model.realistic;

import java.time.LocalDate;
import org.fleetgen.stats.CholeskyFactor;
import org.fleetgen.stats.PercentileCont;
import org.fleetgen.stats.SplitMix64;

/**
 * One server's hourly metrics in the realistic model, at absolute UTC hours (hours since 2000-01-01T00:00Z).
 *
 * <p>Method. For metric m at hour h: {@code y = clip(E_m(h) + sd_m · g_m(h) · x_m(h), 0, U_m) · s_m(h)} rounded
 * half-even to 0.01 after clipping, where
 * <ul>
 *   <li>{@code E_m(h)}, the expected value (the ground truth a forecaster is scored against), is the base level
 *       times the growth {@code g_m(h) = (1 + r_m)^(months − 288)} (calendar months since the origin, 288 being
 *       2024-01, the month the levels describe: a fixed point, so extending a range changes no earlier value)
 *       times the local-time factor: business hours 09-17 on working days,
 *       weekends and the region's public holidays ({@link RegionalHolidays}), the nightly window, all in the
 *       server's region's zone ({@link RegionTime});</li>
 *   <li>{@code x(h)} is a vector AR(1) process, {@code x_t = φ x_{t−1} + √(1−φ²) L z_t}, with {@code z_t}
 *       standard normals drawn by counter ({@link SplitMix64}: two Box-Muller pairs from the server's key at t), and L the
 *       Cholesky factor of the archetype's correlation: each x_m is N(0, 1) with lag-1 autocorrelation φ, and
 *       the metrics' correlation at lag 0 is the archetype's matrix;</li>
 *   <li>{@code s_m(h)} is an event's factor while one runs (cpu, mem and net; disk is left alone), else 1.</li>
 * </ul>
 * So that a value never depends on where generation starts, the AR(1) recursion restarts at every multiple of
 * {@link #BLOCK_HOURS} from the state a burn-in over the {@code W} hours before it reaches from zero, where
 * {@code φ^W < 2^-60}: the same function of the same innovations, whatever the range, the chunking or the
 * thread. Instances keep caches: one per thread.
 */
public final class HourlyProcess {
    public static final int BLOCK_HOURS = 4096;
    /** 2024-01, in months since the origin: the month the profiles' levels describe (growth is 1 there). */
    public static final long REFERENCE_MONTH = (2024 - 2000) * 12;
    static final int METRICS = 4;
    /** Upper bounds: cpu, mem, disk in %, net_in and net_out in Mbps. */
    static final double[] UPPER = {100, 100, 100, 1000, 600};
    private static final int EVENT_DRAWS = 4;

    private final RealisticProfile p;
    private final RegionTime time;
    private final String region;
    private long holidayDay = Long.MIN_VALUE;
    private boolean holiday;
    private final long noiseKey;
    private final double[] z = new double[METRICS];
    private final long eventKey;
    private final double[][] lower;
    private final double innovationScale;
    private final int burnIn;

    private long growthMonth = Long.MIN_VALUE;
    private long growthDay = Long.MIN_VALUE;
    private final double[] growth = new double[METRICS];
    private long eventDay = Long.MIN_VALUE;
    private final long[] eventStart = new long[2];
    private final long[] eventEnd = new long[2];
    private final double[] eventFactor = new double[2];

    public HourlyProcess(RealisticProfile profile, long serverSeed, String region) {
        this.p = profile;
        this.time = new RegionTime(region);
        this.region = region;
        this.noiseKey = SplitMix64.mix(serverSeed * 31 + 1);
        this.eventKey = SplitMix64.mix(serverSeed * 31 + 101);
        this.lower = new CholeskyFactor(profile.correlation()).lower();
        this.innovationScale = Math.sqrt(1 - profile.phi() * profile.phi());
        this.burnIn = profile.phi() == 0 ? 0 : (int) Math.min(BLOCK_HOURS, Math.ceil(-60 * Math.log(2) / Math.log(profile.phi())));
    }

    /** Hours of burn-in before each block. */
    public int burnInHours() {
        return burnIn;
    }

    /**
     * The five metrics (cpu, mem, disk, net_in, net_out) at hours {@code from .. from + count − 1}, into
     * {@code out[metric][i]}.
     */
    public void fill(long from, int count, double[][] out) {
        double[] x = new double[METRICS];
        startAt(from, x);
        for (int i = 0; i < count; i++) {
            long h = from + i;
            advance(h, from, x);
            double event = eventFactor(h);
            double time = timeFactor(h);
            double netIn = 0;
            for (int m = 0; m < METRICS; m++) {
                double g = growth(m, h);
                double y = p.base()[m] * g * (m == 2 ? 1 : time) + p.sd()[m] * g * x[m];
                y = Math.min(Math.max(y, 0), UPPER[m]);
                if (m != 2) {
                    y = Math.min(y * event, UPPER[m]);
                }
                out[m][i] = round(y);
                if (m == 3) {
                    netIn = y;
                }
            }
            out[4][i] = round(Math.min(netIn * p.netOutShare(), UPPER[4]));
        }
    }

    /** The AR(1) noise x (one column per metric) at hours {@code from ..}: what {@link #fill} adds, before scaling. */
    void noise(long from, int count, double[][] out) {
        double[] x = new double[METRICS];
        startAt(from, x);
        for (int i = 0; i < count; i++) {
            long h = from + i;
            advance(h, from, x);
            for (int m = 0; m < METRICS; m++) {
                out[m][i] = x[m];
            }
        }
    }

    /** The day's row of daily data: per metric, percentile_cont(0.95) of the 24 hourly values of UTC day {@code day}, to 0.01. */
    public void dailyP95(long day, double[] out) {
        double[][] hours = new double[5][24];
        fill(day * 24, 24, hours);
        for (int m = 0; m < 5; m++) {
            out[m] = round(PercentileCont.of(hours[m], 24, 0.95));
        }
    }

    /** The noise-free expected value of metric m (0 cpu .. 3 net_in) at hour h: no noise, no event, no clipping. */
    public double expected(int m, long h) {
        double level = p.base()[m] * growth(m, h);
        return m == 2 ? level : level * timeFactor(h);
    }

    /**
     * The expected values of the five metrics at hours {@code from .. from + count − 1} into {@code out[metric][i]}:
     * {@link #expected} for cpu .. net_in, and net_out as net_in's share (the rows' net_out is that share of net_in).
     */
    public void expectedHours(long from, int count, double[][] out) {
        for (int i = 0; i < count; i++) {
            for (int m = 0; m < METRICS; m++) {
                out[m][i] = expected(m, from + i);
            }
            out[4][i] = out[3][i] * p.netOutShare();
        }
    }

    /** The expected values of UTC day {@code day}'s row of daily data: per metric, percentile_cont(0.95) of its 24 expected hours. */
    public void expectedDay(long day, double[] out) {
        double[][] hours = new double[5][24];
        expectedHours(day * 24, 24, hours);
        for (int m = 0; m < 5; m++) {
            out[m] = PercentileCont.of(hours[m], 24, 0.95);
        }
    }

    /** The local-time factor on cpu, mem and net at hour h: weekends and holidays, business hours, the nightly window. */
    double timeFactor(long h) {
        int hour = time.localHour(h);
        double f = 1;
        if (time.localDayOfWeek(h) >= 5 || localHoliday(h)) {
            f *= p.weekendFactor();
        } else if (hour >= 9 && hour < 17) {
            f *= p.businessLift();
        }
        if (hour < 6) {
            f *= p.nightlyLift();
        }
        return f;
    }

    /** The noise's standard deviation of metric m (0 cpu .. 3 net_in) at hour h: the profile's, grown with the level. */
    public double noiseScale(int m, long h) {
        return p.sd()[m] * growth(m, h);
    }

    /** Whether hour h falls on a public holiday of the server's region, in local time. */
    public boolean localHoliday(long h) {
        long day = time.localDay(h);
        if (day != holidayDay) {
            holidayDay = day;
            holiday = RegionalHolidays.isHoliday(region, LocalDate.of(2000, 1, 1).plusDays(day));
        }
        return holiday;
    }

    /** A spike event: it puts {@code factor} on cpu, mem and net from hour {@code start} (inclusive) to {@code end} (exclusive). */
    public record Event(long start, long end, double factor) {
    }

    /** The events that run during hours {@code from .. to − 1}, in start order: the ground truth of the spikes. */
    public java.util.List<Event> events(long from, long to) {
        java.util.List<Event> out = new java.util.ArrayList<>();
        for (long d = Math.floorDiv(from, 24) - 1; d <= Math.floorDiv(to - 1, 24); d++) {
            Event e = eventOfDay(d);
            if (e != null && e.end() > from && e.start() < to) {
                out.add(e);
            }
        }
        return out;
    }

    /** The event that starts on day d (days since the origin), or null: drawn by counter, so a pure function of d. */
    private Event eventOfDay(long d) {
        long c = d * EVENT_DRAWS;
        if (SplitMix64.uniform(eventKey, c) >= p.eventsPerDay()) {
            return null;
        }
        long start = d * 24 + (long) (SplitMix64.uniform(eventKey, c + 1) * 24);
        long end = start + 1 + (long) (SplitMix64.uniform(eventKey, c + 2) * p.eventMaxHours());
        return new Event(start, end, 1 + (p.eventFactor() - 1) * (0.5 + SplitMix64.uniform(eventKey, c + 3)));
    }

    /** The factor an event puts on cpu, mem and net at hour h; 1 when none runs. */
    public double eventFactor(long h) {
        long day = Math.floorDiv(h, 24);
        if (day != eventDay) {
            // An event lasts at most 24 hours: one starting the day before may still run.
            for (int k = 0; k < 2; k++) {
                Event e = eventOfDay(day - 1 + k);
                eventStart[k] = e == null ? Long.MAX_VALUE : e.start();
                eventEnd[k] = e == null ? Long.MIN_VALUE : e.end();
                eventFactor[k] = e == null ? 1 : e.factor();
            }
            eventDay = day;
        }
        double f = 1;
        for (int k = 0; k < 2; k++) {
            if (h >= eventStart[k] && h < eventEnd[k]) {
                f = Math.max(f, eventFactor[k]);
            }
        }
        return f;
    }

    private double growth(int m, long h) {
        long day = Math.floorDiv(h, 24);
        if (day == growthDay) {
            return growth[m];
        }
        growthDay = day;
        long month = monthsSinceOrigin(h);
        if (month != growthMonth) {
            for (int i = 0; i < METRICS; i++) {
                growth[i] = Math.pow(1 + p.monthlyGrowth()[i], month - REFERENCE_MONTH);
            }
            growthMonth = month;
        }
        return growth[m];
    }

    /** Whole calendar months from 2000-01 to the UTC month of hour h. */
    static long monthsSinceOrigin(long h) {
        java.time.LocalDate d = java.time.LocalDate.ofEpochDay(Math.floorDiv(RegionTime.ORIGIN_EPOCH_SECOND / 3600 + h, 24));
        return (d.getYear() - 2000L) * 12 + d.getMonthValue() - 1;
    }

    /** The AR(1) state just before hour {@code from}: the burn-in at its block's start, then the steps up to it. */
    private void startAt(long from, double[] x) {
        long blockStart = Math.floorDiv(from, BLOCK_HOURS) * BLOCK_HOURS;
        burnIn(blockStart, x);
        for (long h = blockStart; h < from; h++) {
            step(h, x);
        }
    }

    /** The step to hour h of a run that started at {@code from}: at a later block's start, from its burn-in. */
    private void advance(long h, long from, double[] x) {
        if (h > from && Math.floorMod(h, BLOCK_HOURS) == 0) {
            burnIn(h, x);
        }
        step(h, x);
    }

    private void burnIn(long blockStart, double[] x) {
        java.util.Arrays.fill(x, 0);
        for (long h = blockStart - burnIn; h < blockStart; h++) {
            step(h, x);
        }
    }

    private void step(long h, double[] x) {
        // Four normals a stamp: two Box-Muller pairs at counters 2h and 2h + 1.
        SplitMix64.gaussianPair(noiseKey, 2 * h, z, 0);
        SplitMix64.gaussianPair(noiseKey, 2 * h + 1, z, 2);
        double phi = p.phi();
        for (int m = 0; m < METRICS; m++) {
            double e = 0;
            for (int k = 0; k <= m; k++) {
                e += lower[m][k] * z[k];
            }
            x[m] = phi * x[m] + innovationScale * e;
        }
    }

    private static double round(double v) {
        return Math.rint(v * 100) / 100;
    }
}
