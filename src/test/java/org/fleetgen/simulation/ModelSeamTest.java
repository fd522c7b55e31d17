package org.fleetgen.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fleetgen.config.GenerationConfig;
import org.fleetgen.config.Granularity;
import org.fleetgen.fleet.ArchetypeProfile;
import org.fleetgen.fleet.Fleet;
import org.fleetgen.fleet.Server;
import org.fleetgen.fleet.ServerMetadata;
import org.fleetgen.model.DayEffects;
import org.fleetgen.model.ImpliedStatistics;
import org.fleetgen.model.Model;
import org.fleetgen.model.Models;
import org.fleetgen.model.SampleStream;
import org.fleetgen.model.Scenario;
import org.fleetgen.model.reference.ReferenceModel;
import org.fleetgen.sample.Chunk;
import org.fleetgen.sample.SampleBlock;
import org.fleetgen.sample.TimeGrid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A model plugs in at one seam: a toy model written here, knowing nothing of the simulation, goes through
 * the same assembly, chunking and threaded pipeline as the reference, and its rows come out exactly.
 */
class ModelSeamTest {
    /** Rows that encode where they come from: cpu = server, mem = stamp / 100. */
    static final class CountingModel implements Model {
        @Override
        public String name() {
            return "counting";
        }

        @Override
        public String description() {
            return "test model";
        }

        @Override
        public Scenario scenario(GenerationConfig config, TimeGrid grid) {
            Map<String, Double> fields = new HashMap<>();
            ArchetypeProfile.FIELDS.forEach(f -> fields.put(f, 0.0));
            ArchetypeProfile flat = ArchetypeProfile.fromFields("flat", "Flat", fields);
            Fleet fleet = new Fleet() {
                @Override
                public int size() {
                    return config.servers();
                }

                @Override
                public Server server(int index) {
                    return new Server(index, "s" + index, flat, index, new ServerMetadata("a" + index, "BU", "Low", "EU"));
                }

                @Override
                public Map<String, Integer> counts() {
                    return Map.of("flat", config.servers());
                }

                @Override
                public List<ArchetypeProfile> profiles() {
                    return List.of(flat);
                }
            };
            return new Scenario() {
                @Override
                public Fleet fleet() {
                    return fleet;
                }

                @Override
                public DayEffects dayEffects(int dayIndex) {
                    return DayEffects.NONE;
                }

                @Override
                public SampleStream stream(int serverIndex) {
                    Server server = fleet.server(serverIndex);
                    return new SampleStream() {
                        private int next;

                        @Override
                        public Server server() {
                            return server;
                        }

                        @Override
                        public int position() {
                            return next;
                        }

                        @Override
                        public void skip(int stamps) {
                            next += stamps;
                        }

                        @Override
                        public void fill(SampleBlock block, int untilStamp) {
                            int end = Math.min(untilStamp, Math.min(grid.size(), block.firstStamp() + block.capacity()));
                            while (next < end) {
                                block.add(serverIndex, next / 100.0, 0, 0, 0);
                                next++;
                            }
                        }
                    };
                }

                @Override
                public ImpliedStatistics implied(ArchetypeProfile profile) {
                    throw new UnsupportedOperationException("no statistics");
                }
            };
        }
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 5})
    void anyModelRunsThroughTheSameChunksAndThreads(int threads) throws Exception {
        GenerationConfig config = new GenerationConfig.Builder().model("counting").servers(4).granularity(Granularity.HOURLY)
                .start(LocalDate.of(2024, 1, 1)).end(LocalDate.of(2024, 1, 3)).build();
        Dataset dataset = Dataset.of(config, new CountingModel());
        assertEquals(4 * 49, dataset.rows());
        List<Chunk> chunks = dataset.chunks(24).chunks();
        assertEquals(4 * 3, chunks.size());
        List<String> seen = new ArrayList<>();
        long rows = dataset.simulator(threads).run(chunks, b -> b, new FleetSimulator.ChunkVisitor<SampleBlock>() {
            @Override
            public void begin(Chunk chunk) {
            }

            @Override
            public void block(Chunk chunk, SampleBlock block, SampleBlock same) {
                for (int r = 0; r < block.size(); r++) {
                    seen.add(block.server().id() + "@" + block.stamp(r) + "=" + block.cpu(r) + "/" + block.mem(r));
                }
            }

            @Override
            public void end(Chunk chunk) {
            }
        });
        assertEquals(4 * 49, rows);
        List<String> want = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            for (int t = 0; t < 49; t++) {
                want.add("s" + s + "@" + t + "=" + (double) s + "/" + t / 100.0);
            }
        }
        assertEquals(want, seen);
    }

    @Test
    void theRegistryNamesItsModelsAndRefusesOthers() {
        assertEquals(List.of(ReferenceModel.NAME, org.fleetgen.model.realistic.RealisticModel.NAME),
                Models.all().stream().map(Model::name).toList());
        assertEquals(org.fleetgen.model.realistic.RealisticModel.class, Models.named("model", "realistic").getClass());
        GenerationConfig counting = new GenerationConfig.Builder().model("counting").build();
        assertEquals("model", assertThrows(org.fleetgen.config.ConfigException.class, () -> Dataset.of(counting)).field());
        assertThrows(IllegalArgumentException.class, () -> Dataset.of(GenerationConfig.reference(), new CountingModel()));
    }
}
