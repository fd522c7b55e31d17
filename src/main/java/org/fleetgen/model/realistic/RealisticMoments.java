package org.fleetgen.model.realistic;

import java.util.Map;
import java.util.function.IntPredicate;
import org.fleetgen.model.ImpliedStatistics;
import org.fleetgen.sample.Metric;
import org.fleetgen.sample.TimeGrid;
import org.fleetgen.stats.ClippedNormalMoments;

/**
 * What the realistic model implies for one archetype over an hourly grid, computed, not sampled.
 *
 * <p>Method. At hour h a server's metric is {@code clip(S·(E(h) + s(h)·x), 0, U)} with x ~ N(0, 1), E the
 * expected value in the server's local time, s the noise scale, and S the event factor: 1, or with the
 * probability q that an event covers the hour, f drawn uniformly between 1 + (F − 1)/2 and 1 + 3(F − 1)/2
 * (disk: always 1). Clipping a scaled normal is clipping a normal of scaled mean and scale, so each case is a
 * clipped normal, whose two moments have closed forms ({@link ClippedNormalMoments}); the uniform f is
 * averaged by Simpson's rule. q is the events' daily rate times their mean length over 24 (overlaps
 * neglected). The archetype's servers are spread over regions, whose local times differ: the moments are
 * the stamp and region averages (weighted by the servers in each), with the spread of the per-stamp means in
 * the variance. Correlations neglect clipping, as the reference's do, and keep the joint event scaling.
 * Hourly grids only: a daily row is the 95th percentile of 24 autocorrelated hours, which has no closed form
 * ({@link RealisticDailyMoments} integrates it numerically).
 */
final class RealisticMoments implements ImpliedStatistics {
    private static final double[] UPPER = {100, 100, 100, 1000};
    private final RealisticProfile p;
    private final TimeGrid grid;
    /** Per region: its share of the archetype's servers, and a process to read E and s from. */
    private final Map<String, Integer> regions;
    private final long firstHour;
    private final double q;
    private final double[] factors;
    private final double[] weights = {1.0 / 6, 4.0 / 6, 1.0 / 6};
    private final int servers;

    RealisticMoments(RealisticProfile profile, TimeGrid grid, Map<String, Integer> serversPerRegion) {
        if (grid.granularity() != org.fleetgen.config.Granularity.HOURLY) {
            throw new IllegalArgumentException("closed-form moments of hourly grids only; daily grids: RealisticDailyMoments");
        }
        this.p = profile;
        this.grid = grid;
        this.regions = Map.copyOf(serversPerRegion);
        this.servers = serversPerRegion.values().stream().mapToInt(Integer::intValue).sum();
        this.firstHour = grid.epochSecond(0) / 3600 - RegionTime.ORIGIN_EPOCH_SECOND / 3600;
        this.q = profile.eventsPerDay() * (1 + profile.eventMaxHours()) / 2.0 / 24;
        double excess = profile.eventFactor() - 1;
        this.factors = new double[] {1 + excess * 0.5, 1 + excess, 1 + excess * 1.5};
    }

    /** A metric's index among the four the model draws (net_out is net_in's share). */
    static int index(Metric m) {
        return switch (m) {
            case CPU -> 0;
            case MEM -> 1;
            case DISK -> 2;
            case NET_IN -> 3;
            case NET_OUT -> throw new IllegalArgumentException("net_out is a fixed share of net_in; its moments are not implied separately");
        };
    }

    @Override
    public Moments moments(Metric metric, IntPredicate stamps) {
        int m = index(metric);
        double sum = 0;
        double sumSquares = 0;
        int n = 0;
        for (int t = 0; t < grid.size(); t++) {
            n += stamps.test(t) ? 1 : 0;
        }
        for (Map.Entry<String, Integer> r : regions.entrySet()) {
            HourlyProcess process = new HourlyProcess(p, 0, r.getKey());
            double w = r.getValue() / (double) servers;
            for (int t = 0; t < grid.size(); t++) {
                if (!stamps.test(t)) {
                    continue;
                }
                long h = firstHour + t;
                double e = process.expected(m, h);
                double s = process.noiseScale(m, h);
                double[] plain = ClippedNormalMoments.of(e, s, UPPER[m]);
                double first = plain[0];
                double second = plain[1];
                if (m != 2) {
                    double eventFirst = 0;
                    double eventSecond = 0;
                    for (int k = 0; k < 3; k++) {
                        double[] scaled = ClippedNormalMoments.of(factors[k] * e, factors[k] * s, UPPER[m]);
                        eventFirst += weights[k] * scaled[0];
                        eventSecond += weights[k] * scaled[1];
                    }
                    first = (1 - q) * first + q * eventFirst;
                    second = (1 - q) * second + q * eventSecond;
                }
                sum += w * first;
                sumSquares += w * second;
            }
        }
        double mean = sum / n;
        return new Moments(mean, Math.sqrt(Math.max(0, sumSquares / n - mean * mean)), n);
    }

    @Override
    public double correlation(Metric a, Metric b) {
        int i = index(a);
        int j = index(b);
        double rho = p.correlation()[i][j];
        double meanF = 0;
        double meanF2 = 0;
        for (int k = 0; k < 3; k++) {
            meanF += weights[k] * factors[k];
            meanF2 += weights[k] * factors[k] * factors[k];
        }
        // Scale factors of each metric's first moment and of the products, disk never scaled.
        double si = i == 2 ? 1 : 1 - q + q * meanF;
        double sj = j == 2 ? 1 : 1 - q + q * meanF;
        double sii = i == 2 ? 1 : 1 - q + q * meanF2;
        double sjj = j == 2 ? 1 : 1 - q + q * meanF2;
        double sij = i == 2 && j == 2 ? 1 : (i == 2 || j == 2) ? 1 - q + q * meanF : 1 - q + q * meanF2;
        double ei = 0;
        double ej = 0;
        double eii = 0;
        double ejj = 0;
        double eij = 0;
        for (Map.Entry<String, Integer> r : regions.entrySet()) {
            HourlyProcess process = new HourlyProcess(p, 0, r.getKey());
            double w = r.getValue() / (double) servers;
            for (int t = 0; t < grid.size(); t++) {
                long h = firstHour + t;
                double mi = process.expected(i, h);
                double mj = process.expected(j, h);
                double vi = process.noiseScale(i, h);
                double vj = process.noiseScale(j, h);
                ei += w * si * mi;
                ej += w * sj * mj;
                eii += w * sii * (mi * mi + vi * vi);
                ejj += w * sjj * (mj * mj + vj * vj);
                eij += w * sij * (mi * mj + rho * vi * vj);
            }
        }
        int n = grid.size();
        ei /= n;
        ej /= n;
        double cov = eij / n - ei * ej;
        return cov / Math.sqrt((eii / n - ei * ei) * (ejj / n - ej * ej));
    }

    @Override
    public double noiseAutocorrelation() {
        return p.phi();
    }
}
