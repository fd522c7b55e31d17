package org.fleetgen.load;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.fleetgen.sample.Chunk;
import org.fleetgen.sample.Partition;
import org.fleetgen.sample.SampleBlock;
import org.fleetgen.simulation.FleetSimulator;
import org.fleetgen.sink.SampleSink;

/**
 * Drives a sink from the simulator: begin a partition before its first chunk, begin each chunk, write its
 * blocks, end it, and commit the partition after its last chunk. The chunks must arrive in plan order.
 */
public final class SinkVisitor {
    private SinkVisitor() {
    }

    /**
     * A visitor that writes into {@code sink} with the chunks grouped into {@code partitions} (a database's
     * transactions); {@code committed} hears of each chunk once its partition is committed.
     */
    public static <E> FleetSimulator.ChunkVisitor<E> into(SampleSink<E> sink, List<Partition> partitions, Consumer<Chunk> committed) {
        Map<Integer, Partition> byFirst = new HashMap<>();
        Map<Integer, Partition> byLast = new HashMap<>();
        for (Partition p : partitions) {
            byFirst.put(p.chunks().get(0).number(), p);
            byLast.put(p.chunks().get(p.chunks().size() - 1).number(), p);
        }
        return new FleetSimulator.ChunkVisitor<>() {
            @Override
            public void begin(Chunk chunk) throws Exception {
                Partition p = byFirst.get(chunk.number());
                if (p != null) {
                    sink.begin(p);
                }
                sink.begin(chunk);
            }

            @Override
            public void block(Chunk chunk, SampleBlock block, E encoded) throws Exception {
                sink.write(block, encoded);
            }

            @Override
            public void end(Chunk chunk) throws Exception {
                sink.end(chunk);
                Partition p = byLast.get(chunk.number());
                if (p != null) {
                    sink.commit(p);
                    p.chunks().forEach(committed);
                }
            }
        };
    }

    /** A visitor for sinks without transactions (files): {@code committed} hears of each chunk as it ends. */
    public static <E> FleetSimulator.ChunkVisitor<E> into(SampleSink<E> sink, Consumer<Chunk> committed) {
        return new FleetSimulator.ChunkVisitor<>() {
            @Override
            public void begin(Chunk chunk) throws Exception {
                sink.begin(chunk);
            }

            @Override
            public void block(Chunk chunk, SampleBlock block, E encoded) throws Exception {
                sink.write(block, encoded);
            }

            @Override
            public void end(Chunk chunk) throws Exception {
                sink.end(chunk);
                committed.accept(chunk);
            }
        };
    }
}
