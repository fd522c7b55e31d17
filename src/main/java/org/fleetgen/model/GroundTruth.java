package org.fleetgen.model;

import java.util.List;

/**
 * What a model knows that its rows only sample: the events it put into a server's rows and the noise-free
 * expected value of every metric, so that an anomaly detector or a forecast can be scored against them
 * (the {@code metric_event} and {@code expected_level} tables). Expected values depend on a server's archetype
 * and region only, which is how they are stored; a model whose expected values vary otherwise cannot offer this.
 * Times are seconds since 1970-01-01T00:00Z; a stamp's value covers the hour (hourly data) or the day (daily
 * data) that begins there.
 */
public interface GroundTruth {
    /**
     * An event: it scales the named metrics by {@code magnitude} from {@code start} (inclusive) to {@code end}
     * (exclusive).
     *
     * @param metrics the server_metrics columns it scales, comma-separated
     */
    record Event(int serverIndex, long startEpochSecond, long endEpochSecond, String kind, double magnitude, String metrics) {
    }

    /** The events of one server that run at some time in {@code [from, to)}, in start order. */
    List<Event> events(int serverIndex, long fromEpochSecond, long toEpochSecond);

    /**
     * The expected values of the server at {@code stamps} consecutive stamps from the one beginning at
     * {@code fromEpochSecond}: hours, or ({@code daily}) days, whose value is the 95th percentile of their 24
     * expected hours, as a daily row is of its hours. Any stamps: the dataset's and its horizon's. Returns
     * {@code [metric][stamp]}, metrics in the order cpu, mem, disk, net_in, net_out.
     */
    double[][] expected(int serverIndex, long fromEpochSecond, int stamps, boolean daily);
}
