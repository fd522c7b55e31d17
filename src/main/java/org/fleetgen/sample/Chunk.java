package org.fleetgen.sample;

/**
 * The unit of loading: stamps {@code [fromStamp, toStamp)} of one server, numbered within its dataset.
 * A chunk is written and committed whole, so it is in a database exactly once or not at all.
 */
public record Chunk(int number, int serverIndex, int fromStamp, int toStamp) {
    public Chunk {
        if (number < 0 || serverIndex < 0 || fromStamp < 0 || toStamp <= fromStamp) {
            throw new IllegalArgumentException("bad chunk " + number + ": server " + serverIndex + " [" + fromStamp + ", " + toStamp + ")");
        }
    }

    public int rows() {
        return toStamp - fromStamp;
    }
}
