package org.fleetgen.model;

import java.util.function.IntPredicate;
import org.fleetgen.sample.Metric;

/** What a model implies for one archetype over a time grid: the statistics {@code verify --fidelity} compares with the data. */
public interface ImpliedStatistics {
    /** A mean and standard deviation over {@code stamps} stamps of one server. */
    record Moments(double mean, double sd, int stamps) {
    }

    /** The metric's mean and standard deviation over the stamps that pass the filter. */
    Moments moments(Metric metric, IntPredicate stamps);

    default Moments moments(Metric metric) {
        return moments(metric, t -> true);
    }

    /** The correlation of two metrics over all stamps. */
    double correlation(Metric a, Metric b);

    /**
     * The metric's kurtosis over all stamps (3 for a normal): a statistic's rows with heavy tails (rare spikes) make
     * their standard deviation vary more from sample to sample, by {@code sqrt((kurtosis − 1) / 2)} against a
     * normal's, and the fidelity check widens the standard deviation's tolerance by as much.
     */
    default double kurtosis(Metric metric) {
        return 3;
    }

    /**
     * The lag-1 autocorrelation of a server's noise from one stamp to the next: 0 where stamps are independent
     * draws. Autocorrelated rows carry less information, and the fidelity check widens its tolerances by
     * {@code sqrt((1 + r) / (1 − r))}, the AR(1) factor on a mean's standard error.
     */
    default double noiseAutocorrelation() {
        return 0;
    }
}
