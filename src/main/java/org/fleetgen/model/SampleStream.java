package org.fleetgen.model;

import org.fleetgen.fleet.Server;
import org.fleetgen.sample.SampleBlock;

/**
 * One server's rows in time order. A stream need not be able to jump ahead: {@link #skip} may generate
 * and discard, and callers cut work so that a stream is read forward once.
 */
public interface SampleStream {
    Server server();

    /** The index of the stamp the next row belongs to. */
    int position();

    void skip(int stamps);

    /** Fills the block, which must start at {@link #position()}, up to its capacity, {@code untilStamp} or the grid's end. */
    void fill(SampleBlock block, int untilStamp);
}
