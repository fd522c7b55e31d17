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
}
