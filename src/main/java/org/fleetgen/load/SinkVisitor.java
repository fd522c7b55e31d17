package org.fleetgen.load;

import java.util.function.Consumer;
import org.fleetgen.sample.Chunk;
import org.fleetgen.sample.SampleBlock;
import org.fleetgen.simulation.FleetSimulator;
import org.fleetgen.sink.SampleSink;

/** Drives a sink from the simulator: begin each chunk, write its blocks, commit it. */
public final class SinkVisitor {
    private SinkVisitor() {
    }

    /** A visitor that writes into {@code sink}; {@code committed} hears of each chunk after its commit. */
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
                sink.commit(chunk);
                committed.accept(chunk);
            }
        };
    }
}
