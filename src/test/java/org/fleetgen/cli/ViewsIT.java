package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.fleetgen.config.GenerationConfig;
import org.fleetgen.config.Granularity;
import org.fleetgen.fleet.ArchetypeProfile;
import org.fleetgen.fleet.Fleet;
import org.fleetgen.model.DayEffects;
import org.fleetgen.sample.Chunk;
import org.fleetgen.sample.SampleBlock;
import org.fleetgen.sample.TimeGrid;
import org.fleetgen.simulation.FleetSimulator;
import org.fleetgen.simulation.Dataset;
import org.fleetgen.testing.TestDatabases;
import org.fleetgen.testing.TestDatabases.Db;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every analytics view against values computed here, in Java, from the generated rows: not by running
 * the same SQL twice. The dataset spans weekends, the December quarter-end ramp, the model's and the
 * federal holidays, two months and 24 hours a day.
 */
class ViewsIT {
    private static final String[] SHAPE = {"--servers", "12", "--granularity", "hourly", "--start", "2023-12-20", "--end", "2024-01-10"};
    private static final String[] METRICS = org.fleetgen.sample.Metric.columns().toArray(String[]::new);
    private static final String[] SHORT = {"cpu", "mem", "disk", "net_in", "net_out"};
    private static final double[] UPPER = org.fleetgen.sample.Metric.ALL.stream().mapToDouble(org.fleetgen.sample.Metric::max).toArray();

    @TempDir
    Path dir;

    static Stream<Db> databases() {
        return TestDatabases.all().stream();
    }

    /** One generated row with its calendar context. */
    record Row(int server, String type, LocalDate day, int hour, TimeGrid.Day cal, DayEffects effects, double[] v) {
    }

    static List<Row> rows(GenerationConfig config) throws Exception {
        Dataset dataset = Dataset.of(config);
        TimeGrid grid = dataset.grid();
        FleetSimulator sim = dataset.simulator(1);
        List<Row> rows = new ArrayList<>();
        for (Chunk c : dataset.wholeServers()) {
            sim.generate(List.of(c), b -> b, new FleetSimulator.ChunkVisitor<SampleBlock>() {
                @Override
                public void begin(Chunk chunk) {
                }

                @Override
                public void block(Chunk chunk, SampleBlock b, SampleBlock same) {
                    for (int r = 0; r < b.size(); r++) {
                        int day = grid.dayIndexOf(b.stamp(r));
                        TimeGrid.Day d = grid.day(day);
                        rows.add(new Row(b.server().index(), b.server().type(), d.date(), grid.hourOf(b.stamp(r)), d,
                                dataset.scenario().dayEffects(day),
                                new double[] {b.cpu(r), b.mem(r), b.disk(r), b.netIn(r), b.netOut(r)}));
                    }
                }

                @Override
                public void end(Chunk chunk) {
                }
            });
        }
        return rows;
    }

    static double mean(List<Row> rows, int m) {
        return rows.stream().mapToDouble(r -> r.v[m]).sum() / rows.size();
    }

    /** PostgreSQL's percentile_cont: linear interpolation at position p·(n−1) of the sorted values. */
    static double percentile(List<Row> rows, int m, double p) {
        double[] v = rows.stream().mapToDouble(r -> r.v[m]).sorted().toArray();
        double pos = p * (v.length - 1);
        int lo = (int) Math.floor(pos);
        return lo + 1 < v.length ? v[lo] + (pos - lo) * (v[lo + 1] - v[lo]) : v[lo];
    }

    static double sampleSd(List<Row> rows, int m) {
        double mean = mean(rows, m);
        return Math.sqrt(rows.stream().mapToDouble(r -> (r.v[m] - mean) * (r.v[m] - mean)).sum() / (rows.size() - 1));
    }

    static double pearson(List<Row> rows, int a, int b) {
        double ma = mean(rows, a);
        double mb = mean(rows, b);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (Row r : rows) {
            sab += (r.v[a] - ma) * (r.v[b] - mb);
            saa += (r.v[a] - ma) * (r.v[a] - ma);
            sbb += (r.v[b] - mb) * (r.v[b] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    /** A view's rows as maps, keyed by the given columns joined with '|'. */
    static Map<String, Map<String, Object>> view(Db db, String schema, String view, String... keys) throws SQLException {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + schema + "." + view)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new TreeMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnName(i), rs.getObject(i));
                }
                String key = Arrays.stream(keys).map(k -> String.valueOf(row.get(k))).collect(Collectors.joining("|"));
                out.put(key, row);
            }
        }
        return out;
    }

    static void near(double want, Object got, String what) {
        double g = ((Number) got).doubleValue();
        assertEquals(want, g, 1e-9 * Math.max(1, Math.abs(want)), what);
    }

    static <K> Map<K, List<Row>> group(List<Row> rows, java.util.function.Function<Row, K> key) {
        return rows.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.toList()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void everyViewMatchesAnIndependentComputation(Db db) throws Exception {
        Path config = dir.resolve("risk.yaml");
        Files.writeString(config, "risk_analysis: {window_days: 7, high_risk_threshold: 85, very_high_risk_threshold: 95, underutilized_threshold: 45}\n");
        String schema = TestDatabases.freshSchema("views");
        List<String> args = new ArrayList<>(List.of("load", "--quiet", "--config", config.toString()));
        args.addAll(db.cliArgs(schema, dir.resolve("pw")));
        args.addAll(List.of(SHAPE));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());

        GenerationConfig gc = new GenerationConfig.Builder().servers(12).granularity(Granularity.HOURLY)
                .start(LocalDate.of(2023, 12, 20)).end(LocalDate.of(2024, 1, 10)).build();
        List<Row> rows = rows(gc);
        Fleet plan = Dataset.of(gc).fleet();
        Map<String, List<Row>> byType = group(rows, Row::type);
        assertEquals(4, byType.size());

        // archetype_summary
        Map<String, Map<String, Object>> summary = view(db, schema, "archetype_summary", "server_type", "metric");
        assertEquals(4 * 5, summary.size());
        byType.forEach((type, rs) -> {
            for (int m = 0; m < 5; m++) {
                int mm = m;
                Map<String, Object> v = summary.get(type + "|" + METRICS[m]);
                String w = type + " " + METRICS[m];
                assertEquals((long) rs.stream().map(Row::server).distinct().count(), ((Number) v.get("servers")).longValue(), w);
                assertEquals((long) rs.size(), ((Number) v.get("rows")).longValue(), w);
                near(mean(rs, m), v.get("mean"), w + " mean");
                near(sampleSd(rs, m), v.get("stddev"), w + " stddev");
                near(percentile(rs, m, 0.05), v.get("p05"), w + " p05");
                near(percentile(rs, m, 0.50), v.get("p50"), w + " p50");
                near(percentile(rs, m, 0.95), v.get("p95"), w + " p95");
                near(rs.stream().mapToDouble(r -> r.v[mm]).min().orElseThrow(), v.get("min"), w + " min");
                near(rs.stream().mapToDouble(r -> r.v[mm]).max().orElseThrow(), v.get("max"), w + " max");
                near(rs.stream().filter(r -> r.v[mm] <= 0).count() / (double) rs.size(), v.get("share_at_lower_bound"), w + " lower");
                near(rs.stream().filter(r -> r.v[mm] >= UPPER[mm]).count() / (double) rs.size(), v.get("share_at_upper_bound"), w + " upper");
            }
        });

        // archetype_correlation
        Map<String, Map<String, Object>> corr = view(db, schema, "archetype_correlation", "server_type", "metric_a", "metric_b");
        assertEquals(4 * 6, corr.size());
        int[][] pairs = {{0, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 3}, {2, 3}};
        byType.forEach((type, rs) -> {
            ArchetypeProfile p = plan.profiles().stream().filter(x -> x.key().equals(type)).findFirst().orElseThrow();
            double[][] target = p.correlationMatrix();
            for (int[] pr : pairs) {
                Map<String, Object> v = corr.get(type + "|" + METRICS[pr[0]] + "|" + METRICS[pr[1]]);
                near(pearson(rs, pr[0], pr[1]), v.get("observed"), type + " corr " + Arrays.toString(pr));
                near(target[pr[0]][pr[1]], v.get("target"), type + " target " + Arrays.toString(pr));
            }
        });

        // archetype_calendar_effects
        Map<String, Map<String, Object>> effects = view(db, schema, "archetype_calendar_effects", "server_type", "effect");
        Map<String, Predicate<Row>> periods = Map.of("weekend", r -> r.cal.isWeekend(), "quarter_end", r -> r.effects.inQuarterEndWindow(),
                "generator_holiday", r -> r.effects.isModelHoliday(), "federal_holiday", r -> r.cal.isHoliday());
        assertEquals(4 * 4, effects.size());
        byType.forEach((type, rs) -> periods.forEach((effect, inside) -> {
            Map<String, Object> v = effects.get(type + "|" + effect);
            List<Row> in = rs.stream().filter(inside).toList();
            List<Row> out = rs.stream().filter(inside.negate()).toList();
            assertEquals((long) in.size(), ((Number) v.get("rows_in")).longValue(), type + " " + effect);
            assertEquals((long) out.size(), ((Number) v.get("rows_out")).longValue(), type + " " + effect);
            int[] cols = {0, 1, 3};
            String[] names = {"cpu", "mem", "net_in"};
            for (int i = 0; i < 3; i++) {
                near(mean(in, cols[i]), v.get(names[i] + "_in"), type + " " + effect + " " + names[i] + " in");
                near(mean(out, cols[i]), v.get(names[i] + "_out"), type + " " + effect + " " + names[i] + " out");
                near(mean(in, cols[i]) / mean(out, cols[i]), v.get(names[i] + "_ratio"), type + " " + effect + " ratio");
            }
        }));

        // archetype_daily and archetype_monthly
        checkPeriods(view(db, schema, "archetype_daily", "day", "server_type"), group(rows, r -> r.day + "|" + r.type), 22 * 4);
        checkPeriods(view(db, schema, "archetype_monthly", "month", "server_type"),
                group(rows, r -> r.day.withDayOfMonth(1) + "|" + r.type), 2 * 4);

        // archetype_hourly_profile
        Map<String, Map<String, Object>> hourly = view(db, schema, "archetype_hourly_profile", "server_type", "hour", "day_kind");
        Map<String, List<Row>> hourGroups = group(rows, r -> r.type + "|" + r.hour + "|" + (r.cal.isWeekend() ? "weekend" : "weekday"));
        assertEquals(hourGroups.size(), hourly.size());
        hourGroups.forEach((key, rs) -> {
            Map<String, Object> v = hourly.get(key);
            assertEquals((long) rs.size(), ((Number) v.get("rows")).longValue(), key);
            for (int m = 0; m < 5; m++) {
                near(mean(rs, m), v.get("avg_" + SHORT[m]), key + " " + SHORT[m]);
            }
        });

        // server_capacity_risk, over the last 7 days with the thresholds of the config file
        Map<String, Map<String, Object>> risk = view(db, schema, "server_capacity_risk", "server_id");
        LocalDate windowStart = gc.end().minusDays(6);
        Map<Integer, List<Row>> byServer = group(rows.stream().filter(r -> !r.day.isBefore(windowStart)).toList(), Row::server);
        assertEquals(12, risk.size());
        java.util.Set<Object> levels = new java.util.HashSet<>();
        java.util.Set<Object> utilisation = new java.util.HashSet<>();
        for (Map.Entry<Integer, List<Row>> e : byServer.entrySet()) {
            List<Row> rs = e.getValue();
            Map<String, Object> v = risk.get(plan.server(e.getKey()).id());
            double cpu = percentile(rs, 0, 0.95);
            double mem = percentile(rs, 1, 0.95);
            double disk = percentile(rs, 2, 0.95);
            double max = Math.max(cpu, Math.max(mem, disk));
            assertEquals((long) rs.size(), ((Number) v.get("rows")).longValue());
            near(cpu, v.get("cpu_p95"), "risk cpu");
            near(mem, v.get("mem_p95"), "risk mem");
            near(disk, v.get("disk_p95"), "risk disk");
            near(mean(rs, 0), v.get("avg_cpu"), "risk avg cpu");
            assertEquals(max >= 95 ? "very_high" : max >= 85 ? "high" : "normal", v.get("risk_level"), e.getKey() + " level");
            assertEquals(mean(rs, 0) < 45, v.get("underutilized"), e.getKey() + " underutilized");
            levels.add(v.get("risk_level"));
            utilisation.add(v.get("underutilized"));
        }
        assertEquals(java.util.Set.of("normal", "high", "very_high"), levels, "the thresholds exercise every level");
        assertEquals(java.util.Set.of(true, false), utilisation);
        db.dropSchema(schema);
    }

    private static void checkPeriods(Map<String, Map<String, Object>> view, Map<String, List<Row>> groups, int expected) {
        assertEquals(expected, view.size());
        assertEquals(groups.keySet(), view.keySet());
        groups.forEach((key, rs) -> {
            Map<String, Object> v = view.get(key);
            assertEquals(rs.stream().map(Row::server).distinct().count(), ((Number) v.get("servers")).longValue(), key);
            assertEquals((long) rs.size(), ((Number) v.get("rows")).longValue(), key);
            for (int m = 0; m < 5; m++) {
                int mm = m;
                near(mean(rs, m), v.get("avg_" + SHORT[m]), key + " avg " + SHORT[m]);
                near(percentile(rs, m, 0.95), v.get("p95_" + SHORT[m]), key + " p95 " + SHORT[m]);
                near(rs.stream().mapToDouble(r -> r.v[mm]).max().orElseThrow(), v.get("max_" + SHORT[m]), key + " max " + SHORT[m]);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void grantReadAllowsTheViewsAndNothingElse(Db db) throws Exception {
        String schema = TestDatabases.freshSchema("grant");
        List<String> base = db.cliArgs(schema, dir.resolve("pw"));
        List<String> load = new ArrayList<>(List.of("load", "--quiet"));
        load.addAll(base);
        // A realistic dataset with a horizon: every view has rows, the ground truth's too.
        load.addAll(List.of("--servers", "4", "--start", "2024-01-01", "--end", "2024-01-31", "--model", "realistic", "--horizon-days", "3"));
        assertEquals(0, CliRun.of(load.toArray(String[]::new)).exitCode());
        String role = "bi_" + schema;
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("DROP ROLE IF EXISTS " + role);
            s.execute("CREATE ROLE " + role + " NOLOGIN");
        }
        List<String> grant = new ArrayList<>(List.of("grant-read", role, "--quiet"));
        grant.addAll(base);
        CliRun granted = CliRun.of(grant.toArray(String[]::new));
        assertEquals(0, granted.exitCode(), granted.err());

        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("SET ROLE " + role);
            for (String view : org.fleetgen.postgres.AnalyticsViews.VIEWS.keySet()) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + schema + "." + view)) {
                    rs.next();
                    assertTrue(rs.getLong(1) > 0, view);
                }
            }
            for (String forbidden : List.of("SELECT * FROM " + schema + ".load_ledger", "SELECT * FROM " + schema + ".dataset",
                    "SELECT * FROM " + schema + ".server_metrics", "DELETE FROM " + schema + ".server_metrics",
                    "INSERT INTO " + schema + ".risk_settings VALUES (2, 1, 1, 1, 1)",
                    "SELECT * FROM " + schema + ".metric_day", "DELETE FROM " + schema + ".agg_summary",
                    "SELECT * FROM " + schema + ".metric_event", "SELECT * FROM " + schema + ".expected_level",
                    "CREATE TABLE " + schema + ".intruder (x int)")) {
                SQLException e = assertThrows(SQLException.class, () -> s.execute(forbidden), forbidden);
                assertTrue(e.getSQLState().equals("42501"), forbidden + ": " + e.getMessage());  // insufficient_privilege
            }
            s.execute("RESET ROLE");
            s.execute("DROP OWNED BY " + role);
            s.execute("DROP ROLE " + role);
        }
        CliRun unknown = CliRun.of(Stream.concat(Stream.of("grant-read", "no_such_role_xyz"), base.stream()).toArray(String[]::new));
        assertEquals(1, unknown.exitCode(), unknown.err());
        assertTrue(unknown.err().contains("no_such_role_xyz"), unknown.err());
        CliRun injected = CliRun.of(Stream.concat(Stream.of("grant-read", "x; DROP TABLE y"), base.stream()).toArray(String[]::new));
        assertEquals(2, injected.exitCode(), injected.err());
        db.dropSchema(schema);
    }

    @Test
    void defaultDatasetShowsTheProfileWeekendFactors() throws Exception {
        Db db = TestDatabases.embedded();
        String schema = TestDatabases.freshSchema("defaults");
        List<String> args = new ArrayList<>(List.of("load", "--quiet"));
        args.addAll(db.cliArgs(schema, dir.resolve("pw")));
        assertEquals(0, CliRun.of(args.toArray(String[]::new)).exitCode());
        Map<String, Map<String, Object>> effects = view(db, schema, "archetype_calendar_effects", "server_type", "effect");
        // The reference run's ratios (docs/model.md §14): about the profile weekend factors.
        Map<String, Double> want = Map.of("web", 0.513, "application", 0.607, "database", 0.692, "batch", 1.183);
        want.forEach((type, ratio) -> assertEquals(ratio, ((Number) effects.get(type + "|weekend").get("cpu_ratio")).doubleValue(), 0.0005, type));
        // The shared calendar factor lifts correlations among cpu, mem and net and lowers those with disk.
        Map<String, Map<String, Object>> corr = view(db, schema, "archetype_correlation", "server_type", "metric_a", "metric_b");
        assertEquals(0.698, ((Number) corr.get("web|cpu_p95|mem_p95").get("observed")).doubleValue(), 0.0005);
        assertEquals(0.865, ((Number) corr.get("web|cpu_p95|net_in_p95").get("observed")).doubleValue(), 0.0005);
        assertEquals(0.139, ((Number) corr.get("web|mem_p95|disk_p95").get("observed")).doubleValue(), 0.0005);
        assertEquals(0.473, ((Number) corr.get("database|mem_p95|disk_p95").get("observed")).doubleValue(), 0.0005);
        CliRun query = CliRun.of(Stream.concat(Stream.of("query", "archetype_summary", "--format", "json"), db.cliArgs(schema, dir.resolve("pw")).stream()).toArray(String[]::new));
        assertEquals(0, query.exitCode(), query.err());
        assertTrue(query.out().contains("\"server_type\"") || query.out().contains("server_type"), query.out());
        db.dropSchema(schema);
    }
}
