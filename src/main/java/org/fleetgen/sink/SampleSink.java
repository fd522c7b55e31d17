package org.fleetgen.sink;

import org.fleetgen.sample.Chunk;
import org.fleetgen.sample.Partition;
import org.fleetgen.sample.SampleBlock;

/**
 * A destination for generated rows, written partition by partition, chunk by chunk.
 *
 * <p>{@link #encode} turns a block into the sink's wire form; it may run on any thread, concurrently,
 * so it must not touch mutable state. The other methods run on one thread: {@link #begin(Partition)} a
 * partition, then for each of its chunks {@link #begin(Chunk)}, {@link #write} its blocks in order and
 * {@link #end} it, then {@link #commit} the partition. A committed partition is durable and visible (for a
 * database, its chunks together with their ledger rows, in one transaction); {@link #finish()} ends the
 * output after the last partition. {@link #close()} releases everything and discards what was not
 * committed, such as a partition begun but not committed, or a file not finished. Files need no grouping:
 * their sinks ignore partitions.
 *
 * @param <E> the encoded form of a block
 */
public interface SampleSink<E> extends AutoCloseable {
    E encode(SampleBlock block);

    /**
     * Claims a partition for this process, in the transaction that is to load it, before
     * {@link #begin(Partition)}: false, with nothing begun, when another process is loading it (and
     * {@code wait} is false) or has committed it. Loads that run side by side (shards of one dataset)
     * divide the partitions this way. Files have nothing to claim.
     */
    default boolean claim(Partition partition, boolean wait) throws SinkException {
        return true;
    }

    default void begin(Partition partition) throws SinkException {
    }

    void begin(Chunk chunk) throws SinkException;

    void write(SampleBlock block, E encoded) throws SinkException;

    /**
     * From now on, also hands every rollup row a database sink builds to {@code listener}, as it is built (before
     * its chunk ends). Sinks without rollups (files) have none to hand on.
     */
    default void alsoRollupsTo(ChunkRollup.Listener listener) {
    }

    /** The chunk's rows are all written: a database sink writes its rollups and ledger row now. */
    void end(Chunk chunk) throws SinkException;

    default void commit(Partition partition) throws SinkException {
    }

    /** Bytes of encoded rows written so far (0 where the sink cannot tell), for the MB/s of a summary. */
    default long bytesWritten() {
        return 0;
    }

    /** Completes the output once every partition is committed (a file is renamed into place). */
    default void finish() throws SinkException {
    }

    /** Releases resources and discards uncommitted output. Never throws. */
    @Override
    void close();
}
