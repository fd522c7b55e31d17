package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.fleetgen.testing.Datasets;
import org.fleetgen.testing.TestDatabases;
import org.fleetgen.testing.TestDatabases.Db;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The realistic model's ground truth in the database, checked against the rows: the events of metric_event are
 * exactly where a dataset differs from the same dataset without events, by their magnitude; metric_expected is
 * the noise-free process (residuals centred in every local hour of every region; a daily dataset's expected
 * values are the 95th percentiles of the hourly one's); forecast_oracle and the calendar cover the horizon.
 */
class GroundTruthIT {
    private static final String[] SHAPE = {"--model", "realistic", "--servers", "12", "--start", "2024-01-01", "--end", "2024-03-31"};

    @TempDir
    Path dir;

    private String load(Db db, String prefix, String... more) throws Exception {
        String schema = TestDatabases.freshSchema(prefix);
        List<String> args = new ArrayList<>(List.of("load", "--quiet"));
        args.addAll(List.of(SHAPE));
        args.addAll(List.of(more));
        args.addAll(db.cliArgs(schema, dir.resolve("pw")));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        return schema;
    }

    @Test
    void eventsAreExactlyWhereTheRowsDifferFromTheSameDatasetWithoutEvents() throws Exception {
        Db db = TestDatabases.embedded();
        Path quiet = dir.resolve("no-events.yaml");
        Files.writeString(quiet, "archetypes:\n  web: {events_per_day: 0}\n  application: {events_per_day: 0}\n"
                + "  database: {events_per_day: 0}\n  batch: {events_per_day: 0}\n");
        String with = load(db, "events", "--granularity", "hourly");
        String without = load(db, "no_events", "--granularity", "hourly", "--config", quiet.toString());
        long events = Datasets.scalar(db, "SELECT count(*) FROM " + with + ".metric_event");
        assertTrue(events >= 10, events + " events");
        assertEquals(0, Datasets.scalar(db, "SELECT count(*) FROM " + without + ".metric_event"));
        assertEquals(events, Datasets.scalar(db, "SELECT count(*) FROM " + with + ".server_events v JOIN " + with + ".metric_event e "
                + "USING (server_key, start_ts) WHERE v.server_id = 'server_' || lpad(e.server_key::text, 3, '0') AND v.hours >= 1 "
                + "AND v.start_ts + v.hours * interval '1 hour' = e.end_ts"), "server_events is metric_event with server ids");
        assertTrue(Datasets.scalar(db, "SELECT count(*) FROM " + with + ".metric_event e JOIN " + with + ".server s USING (server_key) "
                + "WHERE s.server_type = 'database'") > 0, "database servers spike too");
        String pairs = "FROM " + with + ".server_metrics a JOIN " + without + ".server_metrics b USING (server_key, ts) ";
        String inEvent = "EXISTS (SELECT 1 FROM " + with + ".metric_event e WHERE e.server_key = a.server_key AND a.ts >= e.start_ts "
                + "AND a.ts < e.end_ts)";
        String differs = "(a.cpu_p95 <> b.cpu_p95 OR a.mem_p95 <> b.mem_p95 OR a.net_in_p95 <> b.net_in_p95 OR a.net_out_p95 <> b.net_out_p95)";
        assertEquals(0, Datasets.scalar(db, "SELECT count(*) " + pairs + "WHERE " + differs + " AND NOT " + inEvent), "rows changed outside every event");
        assertEquals(0, Datasets.scalar(db, "SELECT count(*) " + pairs + "WHERE a.disk_p95 <> b.disk_p95"), "events leave disk alone");
        long eventHours = Datasets.scalar(db, "SELECT count(*) " + pairs + "WHERE " + inEvent);
        long changed = Datasets.scalar(db, "SELECT count(*) " + pairs + "WHERE " + inEvent + " AND " + differs);
        assertTrue(eventHours >= events && changed >= 0.9 * eventHours, changed + " of " + eventHours + " event hours changed");
        // Where nothing was clipped, an event's rows are the quiet rows times its magnitude (to the rounding of both).
        assertEquals(0, Datasets.scalar(db, "SELECT count(*) " + pairs + "JOIN " + with + ".metric_event e ON e.server_key = a.server_key "
                + "AND a.ts >= e.start_ts AND a.ts < e.end_ts WHERE a.cpu_p95 < 100 AND b.cpu_p95 > 0 "
                + "AND abs(a.cpu_p95 - b.cpu_p95 * e.magnitude) > 0.006 + 0.005 * e.magnitude"), "cpu = quiet cpu x magnitude");
        assertEquals(0, Datasets.scalar(db, "SELECT count(*) FROM " + with + ".metric_event WHERE end_ts <= start_ts OR magnitude <= 1 "
                + "OR kind <> 'spike' OR metrics <> 'cpu_p95,mem_p95,net_in_p95,net_out_p95'"));
        db.dropSchema(with);
        db.dropSchema(without);
    }

    @Test
    void expectedValuesAreTheNoiseFreeProcessAndTheHorizonHasNoRows() throws Exception {
        Db db = TestDatabases.embedded();
        String hourly = load(db, "expected_hourly", "--granularity", "hourly", "--horizon-days", "10");
        long rows = Datasets.scalar(db, "SELECT count(*) FROM " + hourly + ".server_metrics");
        assertEquals(rows, Datasets.scalar(db, "SELECT count(*) FROM " + hourly + ".server_metrics m JOIN " + hourly
                + ".metric_expected e USING (server_key, ts)"), "every row has its expected values");
        assertEquals(rows, Datasets.scalar(db, "SELECT count(*) FROM " + hourly + ".metric_expected"));
        assertEquals(12 * 10 * 24, Datasets.scalar(db, "SELECT count(*) FROM " + hourly + ".forecast_oracle"));
        assertEquals(0, Datasets.scalar(db, "SELECT count(*) FROM " + hourly + ".forecast_oracle WHERE ts <= (SELECT max(ts) FROM "
                + hourly + ".server_metrics) OR ts > '2024-04-10 00:00+00'"));
        assertEquals(10, Datasets.scalar(db, "SELECT count(*) FROM " + hourly + ".calendar WHERE in_horizon AND day > '2024-03-31'"));
        assertEquals(91, Datasets.scalar(db, "SELECT count(*) FROM " + hourly + ".calendar WHERE NOT in_horizon"));

        // Residuals (observed - expected, outside events, unclipped) centre on 0 in every local hour of every region and
        // metric: expected values in the wrong zone, without the business lift or the night window would not.
        String residuals = "SELECT s.server_type, s.region, extract(hour FROM m.ts) AS h, avg(m.%1$s - e.%1$s) AS mean, "
                + "stddev_samp(m.%1$s - e.%1$s) AS sd, count(*) AS n FROM " + hourly + ".server_metrics m JOIN " + hourly
                + ".metric_expected e USING (server_key, ts) JOIN " + hourly + ".server s USING (server_key) WHERE m.%1$s > 0 AND m.%1$s < 100 "
                + "AND NOT EXISTS (SELECT 1 FROM " + hourly + ".metric_event v WHERE v.server_key = m.server_key AND m.ts >= v.start_ts "
                + "AND m.ts < v.end_ts) GROUP BY 1, 2, 3";
        int groups = 0;
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            for (String metric : List.of("cpu_p95", "mem_p95", "disk_p95")) {
                try (ResultSet rs = st.executeQuery(residuals.formatted(metric))) {
                    while (rs.next()) {
                        double mean = rs.getDouble("mean");
                        double sd = rs.getDouble("sd");
                        assertTrue(rs.getLong("n") < 60 || Math.abs(mean) < 0.5 * sd, metric + " " + rs.getString(1) + " " + rs.getString(2)
                                + " UTC hour " + rs.getInt(3) + ": mean residual " + mean + ", sd " + sd + ", n " + rs.getLong("n"));
                        groups++;
                    }
                }
            }
        }
        assertTrue(groups >= 3 * 24 * 4, groups + " groups");
        // The business lift is in the expected values, in each region's own hours: on a winter Wednesday an EU application
        // server's busy UTC hours are 08-15 (09-17 in Berlin), a US-West one's 17-23 and 00 (09-17 in Los Angeles, from Tuesday).
        String day = "e.ts >= '2024-01-03 00:00+00' AND e.ts < '2024-01-04 00:00+00'";
        String group = "FROM " + hourly + ".metric_expected e JOIN " + hourly + ".server s USING (server_key) WHERE s.server_type = 'application' "
                + "AND s.region = '%1$s' AND " + day;
        String busy = "SELECT string_agg(DISTINCT extract(hour FROM e.ts AT TIME ZONE 'UTC')::text, ',') " + group
                + " AND e.cpu_p95 = (SELECT max(e.cpu_p95) " + group + ")";
        assertEquals(List.of("10,11,12,13,14,15,8,9"), Datasets.rows(db, busy.formatted("EU")), "EU");
        assertEquals(List.of("0,17,18,19,20,21,22,23"), Datasets.rows(db, busy.formatted("US-West")), "US-West");

        // A daily dataset of the same parameters: its expected values are the 95th percentiles of the hourly ones' days.
        String daily = load(db, "expected_daily", "--granularity", "daily", "--horizon-days", "10");
        assertEquals(0, Datasets.scalar(db, "SELECT count(*) FROM (SELECT d.server_key, d.ts, d.cpu_p95, d.net_out_p95, "
                + "percentile_cont(0.95) WITHIN GROUP (ORDER BY h.cpu_p95) AS cpu, percentile_cont(0.95) WITHIN GROUP (ORDER BY h.net_out_p95) AS net "
                + "FROM (SELECT * FROM " + daily + ".metric_expected UNION ALL SELECT * FROM " + daily + ".forecast_oracle) d JOIN (SELECT * FROM "
                + hourly + ".metric_expected UNION ALL SELECT * FROM " + hourly + ".forecast_oracle) h ON h.server_key = d.server_key "
                + "AND h.ts >= d.ts AND h.ts < d.ts + interval '1 day' GROUP BY 1, 2, 3, 4 HAVING count(*) = 24) x "
                + "WHERE abs(cpu_p95 - cpu) > 1e-9 * cpu OR abs(net_out_p95 - net) > 1e-9 * net"));
        assertEquals(12 * (91 + 10) - 12, Datasets.scalar(db, "SELECT count(*) FROM (SELECT * FROM " + daily + ".metric_expected UNION ALL "
                + "SELECT * FROM " + daily + ".forecast_oracle) d WHERE d.ts < '2024-04-10'"), "daily stamps with 24 hourly ones");
        db.dropSchema(hourly);
        db.dropSchema(daily);
    }

    @Test
    void aBadHorizonIsOneLineNamingTheFlagOrKey() throws Exception {
        Path yaml = dir.resolve("h.yaml");
        Files.writeString(yaml, "model: realistic\ndata:\n  horizon_days: -3\n");
        for (String[] bad : new String[][] {{"--horizon-days", "-1"}, {"--horizon-days", "5000"}, {"--horizon-days", "ten"},
            {"--horizon-days", "30", "--end", "2099-12-20"}, {"--config", yaml.toString()}}) {
            List<String> args = new ArrayList<>(List.of("export", "--model", "realistic", "--out", dir.resolve("x.csv").toString()));
            args.addAll(List.of(bad));
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertEquals(2, r.exitCode(), String.join(" ", bad) + ": " + r.err());
            assertEquals(1, r.errLines(), r.err());
            assertTrue(r.err().contains(bad[0].equals("--config") ? "data.horizon_days" : "--horizon-days"), r.err());
            assertTrue(!Files.exists(dir.resolve("x.csv")));
        }
    }
}
