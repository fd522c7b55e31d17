package org.fleetgen.sink;

import org.fleetgen.sample.SampleBlock;
import org.fleetgen.sample.Segment;

/**
 * A destination for generated rows.
 *
 * <p>{@link #encode} turns a block into the sink's wire form and is called concurrently from the
 * generator's threads, so it must not touch shared mutable state. {@link #write} and
 * {@link #segmentDone} are called on one thread, in fleet order. Nothing a sink writes is visible until
 * {@link #commit()}; {@link #close()} without a commit discards what was written.
 *
 * @param <E> the encoded form of a block
 */
public interface SampleSink<E> extends AutoCloseable {
    E encode(SampleBlock block);

    void write(Segment segment, SampleBlock block, E encoded) throws SinkException;

    /** The segment's last block has been written. */
    default void segmentDone(Segment segment) throws SinkException {
    }

    /** Makes everything written visible. */
    void commit() throws SinkException;

    /** Releases resources; discards uncommitted output. Never throws. */
    @Override
    void close();
}
