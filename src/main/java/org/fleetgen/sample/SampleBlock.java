package org.fleetgen.sample;

import org.fleetgen.fleet.Server;

/**
 * Consecutive rows of one server: stamps {@code firstStamp .. firstStamp + size - 1} of the grid, with
 * the five metrics already clipped and rounded as the model defines them. Filled by one generator
 * thread, then only read.
 */
public final class SampleBlock {
    private final Server server;
    private final TimeGrid grid;
    private final int firstStamp;
    private int size;
    /** Per metric, in {@link Metric} order, the values of the rows. */
    final double[][] values;

    public SampleBlock(Server server, TimeGrid grid, int firstStamp, int capacity) {
        this.server = server;
        this.grid = grid;
        this.firstStamp = firstStamp;
        this.values = new double[Metric.ALL.size()][capacity];
    }

    public void add(double cpuP95, double memP95, double diskP95, double netInP95, double netOutP95) {
        int i = size++;
        values[0][i] = cpuP95;
        values[1][i] = memP95;
        values[2][i] = diskP95;
        values[3][i] = netInP95;
        values[4][i] = netOutP95;
    }

    public Server server() { return server; }
    public TimeGrid grid() { return grid; }
    public int firstStamp() { return firstStamp; }
    public int size() { return size; }
    public int capacity() { return values[0].length; }
    public int stamp(int row) { return firstStamp + row; }
    public double cpu(int row) { return values[0][row]; }
    public double mem(int row) { return values[1][row]; }
    public double disk(int row) { return values[2][row]; }
    public double netIn(int row) { return values[3][row]; }
    public double netOut(int row) { return values[4][row]; }

    public double value(Metric metric, int row) {
        return values[metric.ordinal()][row];
    }

    /** A metric's values, rows 0 to {@code size() - 1}: the block's own array, for encoders to read, not to change. */
    public double[] column(Metric metric) {
        return values[metric.ordinal()];
    }

    /** A row's values in {@link Metric} order. */
    public double[] values(int row) {
        double[] out = new double[values.length];
        for (int m = 0; m < out.length; m++) {
            out[m] = values[m][row];
        }
        return out;
    }

    public MetricSample row(int row) {
        return new MetricSample(server.index(), stamp(row), cpu(row), mem(row), disk(row), netIn(row), netOut(row));
    }
}
