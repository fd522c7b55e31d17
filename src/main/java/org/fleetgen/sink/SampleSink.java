package org.fleetgen.sink;

import org.fleetgen.sample.Chunk;
import org.fleetgen.sample.SampleBlock;

/**
 * A destination for generated rows, written chunk by chunk.
 *
 * <p>{@link #encode} turns a block into the sink's wire form; it may run on any thread, concurrently,
 * so it must not touch mutable state. The other methods run on one thread: {@link #begin} a chunk,
 * {@link #write} its blocks in order, {@link #commit} it. A committed chunk is durable and visible
 * (for a database, together with its ledger row); {@link #finish()} ends the output after the last
 * chunk. {@link #close()} releases everything and discards what was not committed, such as a chunk
 * begun but not committed, or a file not finished.
 *
 * @param <E> the encoded form of a block
 */
public interface SampleSink<E> extends AutoCloseable {
    E encode(SampleBlock block);

    void begin(Chunk chunk) throws SinkException;

    void write(SampleBlock block, E encoded) throws SinkException;

    void commit(Chunk chunk) throws SinkException;

    /** Bytes of encoded rows written so far (0 where the sink cannot tell), for the MB/s of a summary. */
    default long bytesWritten() {
        return 0;
    }

    /** Completes the output once every chunk is committed (a file is renamed into place). */
    default void finish() throws SinkException {
    }

    /** Releases resources and discards uncommitted output. Never throws. */
    @Override
    void close();
}
