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
    final double[] cpu;
    final double[] mem;
    final double[] disk;
    final double[] netIn;
    final double[] netOut;

    public SampleBlock(Server server, TimeGrid grid, int firstStamp, int capacity) {
        this.server = server;
        this.grid = grid;
        this.firstStamp = firstStamp;
        this.cpu = new double[capacity];
        this.mem = new double[capacity];
        this.disk = new double[capacity];
        this.netIn = new double[capacity];
        this.netOut = new double[capacity];
    }

    public void add(double cpuP95, double memP95, double diskP95, double netInP95, double netOutP95) {
        int i = size++;
        cpu[i] = cpuP95;
        mem[i] = memP95;
        disk[i] = diskP95;
        netIn[i] = netInP95;
        netOut[i] = netOutP95;
    }

    public Server server() { return server; }
    public TimeGrid grid() { return grid; }
    public int firstStamp() { return firstStamp; }
    public int size() { return size; }
    public int capacity() { return cpu.length; }
    public int stamp(int row) { return firstStamp + row; }
    public double cpu(int row) { return cpu[row]; }
    public double mem(int row) { return mem[row]; }
    public double disk(int row) { return disk[row]; }
    public double netIn(int row) { return netIn[row]; }
    public double netOut(int row) { return netOut[row]; }

    public MetricSample row(int row) {
        return new MetricSample(server.index(), stamp(row), cpu[row], mem[row], disk[row], netIn[row], netOut[row]);
    }
}
