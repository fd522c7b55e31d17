package org.fleetgen.sample;

import java.util.List;

/**
 * The five metrics of a row, in column order: the column name every sink and view uses, the unit, and
 * the largest value a row may hold (percentages are bounded by 100; the network columns by the link
 * capacities the reference model clips at).
 */
public enum Metric {
    CPU("cpu_p95", "%", 100),
    MEM("mem_p95", "%", 100),
    DISK("disk_p95", "%", 100),
    NET_IN("net_in_p95", "Mbps", 1000),
    NET_OUT("net_out_p95", "Mbps", 600);

    /** All five, in column order. */
    public static final List<Metric> ALL = List.of(values());

    private final String column;
    private final String unit;
    private final double max;

    Metric(String column, String unit, double max) {
        this.column = column;
        this.unit = unit;
        this.max = max;
    }

    public String column() {
        return column;
    }

    public String unit() {
        return unit;
    }

    public double max() {
        return max;
    }

    /** The column names in order. */
    public static List<String> columns() {
        return ALL.stream().map(Metric::column).toList();
    }
}
