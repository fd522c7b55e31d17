package org.fleetgen.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.fleetgen.config.GenerationConfig;
import org.fleetgen.config.Granularity;
import org.fleetgen.sample.Chunk;
import org.fleetgen.sample.Partition;
import org.fleetgen.sample.TimeGrid;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChunkPlanTest {
    static Stream<Arguments> shapes() {
        LocalDate s = LocalDate.of(2022, 1, 1);
        LocalDate e = LocalDate.of(2025, 12, 31);
        int[] all120 = java.util.stream.IntStream.range(0, 120).toArray();
        return Stream.of(
                // the hourly default: 35,064 rows a server, 15 servers (525,960 rows) a partition, 8 partitions
                Arguments.of(Granularity.HOURLY, s, e, all120, 100_000, 15, 8),
                // the daily default: 1,461 rows a server, all 120 servers in one partition
                Arguments.of(Granularity.DAILY, s, e, all120, 100_000, 120, 1),
                // small chunks: several chunks a server, one server a partition
                Arguments.of(Granularity.HOURLY, s, e, all120, 1_000, 1, 120),
                // a slice with gaps: partitions hold consecutive generated servers
                Arguments.of(Granularity.HOURLY, s, LocalDate.of(2022, 3, 31), new int[] {3, 4, 9, 40, 41, 42, 77}, 2_000, 5, 2),
                // one day of one server
                Arguments.of(Granularity.DAILY, s, s, new int[] {0}, 100_000, 1, 1));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void partitionsHoldWholeServersAndEveryChunkOnceInOrder(Granularity g, LocalDate start, LocalDate end, int[] servers, int chunkRows,
                                                            int serversPerPartition, int partitionCount) {
        TimeGrid grid = TimeGrids.of(new GenerationConfig.Builder().servers(120).granularity(g).start(start).end(end).build());
        ChunkPlan plan = new ChunkPlan(servers, grid, chunkRows);
        List<Partition> partitions = plan.partitions();
        assertEquals(partitionCount, partitions.size());
        List<Chunk> flattened = new ArrayList<>();
        int generated = 0;
        for (int i = 0; i < partitions.size(); i++) {
            Partition p = partitions.get(i);
            assertEquals(i, p.number());
            flattened.addAll(p.chunks());
            long inside = java.util.Arrays.stream(servers).filter(k -> k >= p.fromServer() && k < p.toServer()).count();
            assertEquals(i < partitions.size() - 1 ? serversPerPartition : servers.length - generated, inside, "servers of partition " + i);
            generated += (int) inside;
            // whole servers: every chunk of a server it holds, from the first stamp to the last
            assertEquals(inside * grid.size(), p.rows());
            assertTrue(p.rows() >= Math.min((long) ChunkPlan.PARTITION_CHUNKS * chunkRows, inside * grid.size()));
            if (i > 0) {
                assertTrue(partitions.get(i - 1).toServer() <= p.fromServer(), "ranges overlap");
            }
        }
        assertEquals(plan.chunks(), flattened);
        assertEquals(plan.partitions(), new ChunkPlan(servers, grid, chunkRows).partitions(), "same plan, same partitions");
    }

    /**
     * A plan extended from earlier ends: the first end's plan unchanged, then each extension's stamps cut into chunks
     * numbered on, grouped by the first plan's partitions' servers and numbers, marked as extensions.
     */
    @org.junit.jupiter.api.Test
    void anExtendedPlanKeepsTheFirstPlanAndAddsEachExtensionToTheSamePartitions() {
        for (Granularity g : Granularity.values()) {
            GenerationConfig first = new GenerationConfig.Builder().model("realistic").servers(30).start(LocalDate.of(2024, 1, 1))
                    .end(LocalDate.of(2024, 1, 31)).granularity(g).build();
            LocalDate mid = LocalDate.of(2024, 2, 20);
            GenerationConfig last = first.toBuilder().end(LocalDate.of(2024, 4, 30)).build();
            ChunkPlan base = Dataset.of(first).chunks(500);
            ChunkPlan grown = Dataset.of(last).chunks(500, List.of(first.end(), mid));
            int baseSize = TimeGrids.of(first).size();
            int midSize = TimeGrids.of(first.toBuilder().end(mid).build()).size();
            int lastSize = TimeGrids.of(last).size();
            assertEquals(base.chunks(), grown.chunks().subList(0, base.chunks().size()), g + ": the first plan's chunks unchanged");
            assertEquals(base.partitions(), grown.partitions().subList(0, base.partitions().size()), g.toString());
            assertEquals(30L * lastSize, grown.rows());
            int[][] covered = new int[30][lastSize];
            int number = 0;
            for (Chunk c : grown.chunks()) {
                assertEquals(number++, c.number());
                for (int t = c.fromStamp(); t < c.toStamp(); t++) {
                    covered[c.serverIndex()][t]++;
                }
                // No chunk straddles an earlier end.
                assertTrue(c.toStamp() <= baseSize || c.fromStamp() >= baseSize, c.toString());
                assertTrue(c.toStamp() <= midSize || c.fromStamp() >= midSize, c.toString());
            }
            for (int[] server : covered) {
                for (int n : server) {
                    assertEquals(1, n, g + ": every stamp of every server in one chunk");
                }
            }
            int p = base.partitions().size();
            assertEquals(3 * p, grown.partitions().size());
            for (int k = 0; k < grown.partitions().size(); k++) {
                Partition part = grown.partitions().get(k);
                Partition firstOfIt = base.partitions().get(k % p);
                assertEquals(firstOfIt.number(), part.number());
                assertEquals(firstOfIt.fromServer(), part.fromServer());
                assertEquals(firstOfIt.toServer(), part.toServer());
                assertEquals(k >= p, part.extension());
                int from = k < p ? 0 : k < 2 * p ? baseSize : midSize;
                for (Chunk c : part.chunks()) {
                    assertTrue(c.fromStamp() >= from, c.toString());
                }
            }
        }
    }
}
