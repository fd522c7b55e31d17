package org.fleetgen.model.reference;

import java.util.function.IntPredicate;
import org.fleetgen.fleet.ArchetypeProfile;
import org.fleetgen.model.DayEffects;
import org.fleetgen.model.ImpliedStatistics;
import org.fleetgen.sample.Metric;
import org.fleetgen.sample.TimeGrid;
import org.fleetgen.stats.ClippedNormalMoments;

/**
 * What the model implies for one archetype over a time grid, computed from the profile, not by
 * sampling: the expected mean and standard deviation of each metric, the correlation of two metrics,
 * and the ratio of mean values inside and outside a set of stamps.
 *
 * <p>Method. At stamp t a metric is {@code Y = clip(S·X, 0, U)} with {@code X ~ N(μ_t, σ²)}, where
 * μ_t is the base times the calendar factor and growth of t (as the metric uses them), and S is the
 * spike multiplier k with probability p, else 1. So Y is a two-component mixture of clipped normals,
 * whose first two moments have closed forms (truncated-normal moments plus point masses at 0 and U).
 * Stamps are equally likely, so the dataset's moments are the stamp averages, and its variance adds
 * the spread of the per-stamp means (law of total variance). Rounding to two decimals is ignored. The
 * correlation ignores clipping but not spikes, which scale cpu, mem and net together: with one spike
 * event per stamp, {@code E[Y_i Y_j] = (1 − p + p k_i k_j)(μ_i μ_j + ρ σ_i σ_j)} and
 * {@code E[Y_i] = (1 − p + p k_i) μ_i}, averaged over the stamps. One instance serves one thread (it caches).
 */
final class ReferenceMoments implements ImpliedStatistics {
    /** The metrics with a moment of their own; net_out is a fixed share of net_in. */
    private static final int CPU = 0;
    private static final int MEM = 1;
    private static final int DISK = 2;
    private static final int NET_IN = 3;
    private static final double[] UPPER = {Metric.CPU.max(), Metric.MEM.max(), Metric.DISK.max(), Metric.NET_IN.max()};

    private final ArchetypeProfile p;
    private final TimeGrid grid;
    /** Per metric and stamp: the unclipped, unspiked mean μ_t. */
    private final double[][] mu;
    /**
     * Per metric, E[Y] and E[Y²] at every stamp, computed on first use: the calendar ratios ask for the same
     * stamps' moments split six ways, and each costs four normal-distribution evaluations.
     */
    private final double[][][] stampMoments = new double[4][][];

    ReferenceMoments(ArchetypeProfile profile, TimeGrid grid, DayEffects[] effects) {
        this.p = profile;
        this.grid = grid;
        int n = grid.size();
        mu = new double[4][n];
        for (int t = 0; t < n; t++) {
            double f = ReferenceStream.calendarFactor(p, grid, effects, t);
            double g = ReferenceStream.growth(p, t, n);
            mu[CPU][t] = p.baseCpu() * f * g;
            mu[MEM][t] = p.baseMemory() * f * g;
            mu[DISK][t] = p.baseDisk() * g;
            mu[NET_IN][t] = p.baseNetwork() * f;
        }
    }

    private double sd(int metric) {
        return switch (metric) {
            case CPU -> p.cpuSd();
            case MEM -> p.memorySd();
            case DISK -> p.diskSd();
            default -> p.networkSd();
        };
    }

    private double spike(int metric) {
        return switch (metric) {
            case CPU -> p.spikeMagnitude();
            case MEM -> p.spikeMagnitude() * ReferenceStream.MEM_SPIKE_SHARE;
            case DISK -> 1.0;
            default -> p.spikeMagnitude() * ReferenceStream.NET_SPIKE_SHARE;
        };
    }

    /** E[Y] and E[Y²] at one stamp. */
    private double[] stampMoments(int metric, int t) {
        double k = spike(metric);
        double prob = metric == DISK ? 0 : p.spikeProbability();
        double[] plain = clipped(mu[metric][t], sd(metric), UPPER[metric]);
        double[] spiked = clipped(k * mu[metric][t], k * sd(metric), UPPER[metric]);
        return new double[] {(1 - prob) * plain[0] + prob * spiked[0], (1 - prob) * plain[1] + prob * spiked[1]};
    }

    /** E[clip(X, 0, u)] and E[clip(X, 0, u)²] for X ~ N(m, s²). */
    static double[] clipped(double m, double s, double u) {
        return ClippedNormalMoments.of(m, s, u);
    }

    private static int index(Metric metric) {
        return switch (metric) {
            case CPU -> CPU;
            case MEM -> MEM;
            case DISK -> DISK;
            case NET_IN -> NET_IN;
            case NET_OUT -> throw new IllegalArgumentException("net_out is " + ReferenceStream.NET_OUT_SHARE
                    + " × net_in clipped; its moments are not implied separately");
        };
    }

    @Override
    public Moments moments(Metric m, IntPredicate stamps) {
        int metric = index(m);
        if (stampMoments[metric] == null) {
            double[][] all = new double[2][grid.size()];
            for (int t = 0; t < grid.size(); t++) {
                double[] moments = stampMoments(metric, t);
                all[0][t] = moments[0];
                all[1][t] = moments[1];
            }
            stampMoments[metric] = all;
        }
        double[][] all = stampMoments[metric];
        double sum = 0;
        double sumSquares = 0;
        int n = 0;
        for (int t = 0; t < grid.size(); t++) {
            if (stamps.test(t)) {
                sum += all[0][t];
                sumSquares += all[1][t];
                n++;
            }
        }
        double mean = sum / n;
        return new Moments(mean, Math.sqrt(Math.max(0, sumSquares / n - mean * mean)), n);
    }

    @Override
    public double correlation(Metric a, Metric b) {
        int i = index(a);
        int j = index(b);
        return correlation(i, j, p.correlationMatrix()[i][j]);
    }

    private double correlation(int i, int j, double rho) {
        double prob = p.spikeProbability();
        double ki = spike(i);
        double kj = spike(j);
        double si = sd(i);
        double sj = sd(j);
        int n = grid.size();
        double ei = 0;
        double ej = 0;
        double eii = 0;
        double ejj = 0;
        double eij = 0;
        for (int t = 0; t < n; t++) {
            double mi = mu[i][t];
            double mj = mu[j][t];
            ei += (1 - prob + prob * ki) * mi;
            ej += (1 - prob + prob * kj) * mj;
            eii += (1 - prob + prob * ki * ki) * (mi * mi + si * si);
            ejj += (1 - prob + prob * kj * kj) * (mj * mj + sj * sj);
            eij += (1 - prob + prob * ki * kj) * (mi * mj + rho * si * sj);
        }
        ei /= n;
        ej /= n;
        double cov = eij / n - ei * ej;
        return cov / Math.sqrt((eii / n - ei * ei) * (ejj / n - ej * ej));
    }
}
