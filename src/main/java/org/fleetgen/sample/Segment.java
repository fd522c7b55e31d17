package org.fleetgen.sample;

/** A unit of work: stamps {@code [fromStamp, toStamp)} of one server. */
public record Segment(int serverIndex, int fromStamp, int toStamp) {
    public Segment {
        if (serverIndex < 0 || fromStamp < 0 || toStamp < fromStamp) {
            throw new IllegalArgumentException("bad segment " + serverIndex + " [" + fromStamp + ", " + toStamp + ")");
        }
    }

    public int rows() {
        return toStamp - fromStamp;
    }
}
