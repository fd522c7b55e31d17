package org.fleetgen.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.fleetgen.testing.Datasets;
import org.fleetgen.testing.TestDatabases;
import org.fleetgen.testing.TestDatabases.Db;
import org.junit.jupiter.api.Test;

/**
 * {@link DatasetLoads#follow} with a fake clock against a real PostgreSQL: each step loads exactly the days that
 * completed since the last (a late wake-up catches up in one step), and the schema then holds what one load to the
 * final end holds. What cannot be followed is refused before anything is written.
 */
class FollowIT {
    /** A clock the sleeper moves: days pass in milliseconds. */
    private static final class FakeClock extends Clock {
        Instant now;

        FakeClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static DatasetSpec spec(DatasetSpec.Granularity g, LocalDate end) {
        return DatasetSpec.builder().model("realistic").servers(6).start(LocalDate.of(2024, 2, 1)).end(end).granularity(g)
                .horizonDays(2).build();
    }

    @Test
    void eachStepLoadsTheDaysThatCompletedAndTheResultIsOneLoadToTheEnd() throws Exception {
        Db db = TestDatabases.all().get(0);
        for (DatasetSpec.Granularity g : DatasetSpec.Granularity.values()) {
            boolean hourly = g == DatasetSpec.Granularity.HOURLY;
            FakeClock clock = new FakeClock(Instant.parse("2024-02-10T05:30:00Z"));
            List<Instant> sleeps = new ArrayList<>();
            DatasetLoads.Sleeper sleeper = until -> {
                sleeps.add(until);
                // The third wake-up comes two days late: the step after it catches up three days at once.
                clock.now = sleeps.size() == 3 ? until.plusSeconds(2 * 86_400) : until;
            };
            List<LoadResult> steps = new ArrayList<>();
            String schema = TestDatabases.freshSchema("follow");
            DatasetLoads.follow(db.dataSource(), schema, spec(g, LocalDate.of(2030, 1, 1)), LoadOptions.defaults().withChunkRows(100),
                    clock, sleeper, 4, (end, r) -> steps.add(r));

            // Hourly: a day's stamps are over at 01:00 the next day (its last stamp is the end day's 00:00 hour); daily: at midnight.
            LocalDate first = hourly ? LocalDate.of(2024, 2, 10) : LocalDate.of(2024, 2, 9);
            List<Instant> wakes = new ArrayList<>();
            for (int k = 1; k <= 3; k++) {
                wakes.add(first.plusDays(k + 1).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(hourly ? 3600 - 86_400 : 0));
            }
            assertEquals(wakes, sleeps, g + ": woke when the next day completed");
            int perDay = hourly ? 24 : 1;
            long firstRows = 6L * (hourly ? (first.toEpochDay() - LocalDate.of(2024, 2, 1).toEpochDay()) * 24 + 1
                    : first.toEpochDay() - LocalDate.of(2024, 2, 1).toEpochDay() + 1);
            assertEquals(List.of(firstRows, 6L * perDay, 6L * perDay, 3 * 6L * perDay), steps.stream().map(LoadResult::rowsLoaded).toList(), g.toString());
            LocalDate end = first.plusDays(5);
            assertEquals(steps.get(3).totalRows(), Datasets.scalar(db, "SELECT count(*) FROM " + schema + ".server_metrics"));
            assertEquals(1, Datasets.scalar(db, "SELECT count(*) FROM " + schema + ".dataset WHERE end_date = '" + end
                    + "' AND completed_at IS NOT NULL AND parameters LIKE '%extended_from=" + first + "," + first.plusDays(1) + ","
                    + first.plusDays(2) + "'"));

            String whole = TestDatabases.freshSchema("follow_whole");
            DatasetLoads.load(db.dataSource(), whole, spec(g, end), LoadOptions.defaults().withChunkRows(100));
            assertEquals(Datasets.checksum(db, whole), Datasets.checksum(db, schema));
            for (String table : List.of("metric_event", "expected_level", "calendar")) {
                assertEquals(Datasets.digest(db, "SELECT * FROM " + whole + "." + table), Datasets.digest(db, "SELECT * FROM " + schema + "." + table),
                        g + " " + table);
            }
            VerifyResult v = DatasetLoads.verify(db.dataSource(), schema);
            assertTrue(v.ok(), v.toString());
            db.dropSchema(schema);
            db.dropSchema(whole);
        }
    }

    @Test
    void whatCannotBeFollowedIsRefusedBeforeAnythingIsWritten() throws Exception {
        Db db = TestDatabases.all().get(0);
        String schema = TestDatabases.freshSchema("follow_refused");
        FakeClock clock = new FakeClock(Instant.parse("2024-02-10T05:30:00Z"));
        DatasetSpec reference = DatasetSpec.builder().servers(4).start(LocalDate.of(2024, 2, 1)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetLoads.follow(db.dataSource(), schema, reference,
                LoadOptions.defaults(), clock, i -> { }, 1, (end, r) -> { }));
        assertTrue(e.getMessage().contains("realistic"), e.getMessage());
        DatasetSpec future = DatasetSpec.builder().model("realistic").servers(4).start(LocalDate.of(2024, 3, 1)).build();
        e = assertThrows(IllegalArgumentException.class, () -> DatasetLoads.follow(db.dataSource(), schema, future, LoadOptions.defaults(), clock,
                i -> { }, 1, (end, r) -> { }));
        assertTrue(e.getMessage().contains("nothing to load yet"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DatasetLoads.follow(db.dataSource(), schema, spec(DatasetSpec.Granularity.DAILY,
                LocalDate.of(2024, 2, 5)), LoadOptions.defaults().withShard(0, 2), clock, i -> { }, 1, (end, r) -> { }));
        assertTrue(e.getMessage().contains("--shard"), e.getMessage());
        assertEquals(0, Datasets.scalar(db, "SELECT count(*) FROM pg_namespace WHERE nspname = '" + schema + "'"), "nothing created");
    }
}
