package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fleetgen.testing.TestDatabases;
import org.fleetgen.testing.TestDatabases.Db;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --model realistic} through the CLI: exports whose earlier rows survive an extended range, profile overrides
 * from a config file, a load that verifies row by row and against the model's implied statistics (hourly), and
 * what it refuses in one line.
 */
class RealisticModelIT {
    @TempDir
    Path dir;

    private static List<String> export(String... args) {
        List<String> all = new ArrayList<>(List.of("export", "--model", "realistic", "--out", "-", "--quiet"));
        all.addAll(List.of(args));
        CliRun r = CliRun.of(all.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        return r.out().lines().toList();
    }

    @Test
    void extendingTheRangeLeavesEveryEarlierRowAsItWas() {
        for (String granularity : List.of("hourly", "daily")) {
            List<String> shorter = export("--servers", "6", "--granularity", granularity, "--start", "2024-01-01", "--end", "2024-02-29");
            List<String> longer = export("--servers", "6", "--granularity", granularity, "--start", "2024-01-01", "--end", "2024-05-31");
            Set<String> all = new HashSet<>(longer);
            List<String> missing = shorter.stream().filter(l -> !all.contains(l)).limit(3).toList();
            assertEquals(List.of(), missing, granularity + ": rows of the shorter range not in the longer one");
            assertTrue(longer.size() > shorter.size() && shorter.size() > 300, granularity + ": " + shorter.size() + " / " + longer.size());
        }
    }

    @Test
    void anHourlyDatasetLoadsVerifiesAndMatchesItsImpliedStatistics() throws Exception {
        Db db = TestDatabases.embedded();
        String schema = TestDatabases.freshSchema("realistic");
        List<String> args = new ArrayList<>(List.of("load", "--quiet", "--model", "realistic", "--servers", "40", "--granularity", "hourly",
                "--start", "2024-01-01", "--end", "2024-03-31"));
        args.addAll(db.cliArgs(schema, dir.resolve("pw")));
        CliRun load = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, load.exitCode(), load.err());
        List<String> common = db.cliArgs(schema, dir.resolve("pw"));
        List<String> verify = new ArrayList<>(List.of("verify", "--quiet"));
        verify.addAll(common);
        CliRun v = CliRun.of(verify.toArray(String[]::new));
        assertEquals(0, v.exitCode(), v.out() + v.err());
        List<String> fidelity = new ArrayList<>(List.of("verify", "--fidelity", "--quiet"));
        fidelity.addAll(common);
        CliRun f = CliRun.of(fidelity.toArray(String[]::new));
        assertEquals(0, f.exitCode(), f.out() + f.err());
        assertTrue(f.out().contains("OK: every statistic is within tolerance"), f.out());
        assertTrue(f.out().contains("database     corr cpu_p95 ~ mem_p95"), f.out());
        // archetype_correlation's targets are this model's correlations (profiles.properties), not the reference's.
        try (java.sql.Connection c = db.connect(); java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(
                "SELECT server_type, metric_a, metric_b, target FROM " + schema + ".archetype_correlation ORDER BY 1, 2, 3")) {
            java.util.Map<String, Double> targets = new java.util.HashMap<>();
            while (rs.next()) {
                targets.put(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3), rs.getDouble(4));
            }
            assertEquals(0.6, targets.get("web cpu_p95 mem_p95"));
            assertEquals(0.8, targets.get("web cpu_p95 net_in_p95"));
            assertEquals(0.2, targets.get("application cpu_p95 disk_p95"));
            assertEquals(24, targets.size());
        }
        assertEquals(1, org.fleetgen.testing.Datasets.scalar(db, "SELECT count(*) FROM " + schema + ".archetype WHERE server_type = 'web' "
                + "AND business_hours_factor = 1.6 AND spike_probability = 0.05 AND weekend_factor = 0.65"));
        db.dropSchema(schema);
    }

    /** A config file overrides a profile field by field: the web servers' rows change, every other server's stay as they were. */
    @Test
    void profileOverridesChangeTheirArchetypeOnly() throws Exception {
        Path yaml = dir.resolve("web.yaml");
        Files.writeString(yaml, "archetypes:\n  web:\n    phi: 0.95\n    base_cpu: 45\n    events_per_day: 0.2\n");
        List<String> plain = export("--servers", "12", "--granularity", "hourly", "--start", "2024-01-01", "--end", "2024-01-15");
        List<String> tuned = export("--servers", "12", "--granularity", "hourly", "--start", "2024-01-01", "--end", "2024-01-15",
                "--config", yaml.toString());
        assertEquals(plain.size(), tuned.size());
        int web = 0;
        int others = 0;
        for (int i = 1; i < plain.size(); i++) {
            boolean isWeb = plain.get(i).contains(",web,");
            if (isWeb) {
                web += plain.get(i).equals(tuned.get(i)) ? 0 : 1;
            } else {
                assertEquals(plain.get(i), tuned.get(i));
                others++;
            }
        }
        assertTrue(web > 1000 && others > 1000, web + " web rows changed, " + others + " others kept");
    }

    @Test
    void whatItCannotDoIsRefusedInOneLine() throws Exception {
        for (String[] bad : new String[][] {{"phi: 1.5", "archetypes.web.phi"}, {"spike_probability: 0.5", "archetypes.web.spike_probability"},
            {"event_max_hours: 30", "archetypes.web.event_max_hours"}}) {
            Path yaml = dir.resolve("bad.yaml");
            Files.writeString(yaml, "archetypes:\n  web:\n    " + bad[0] + "\n");
            CliRun r = CliRun.of("export", "--model", "realistic", "--config", yaml.toString(), "--out", dir.resolve("x.csv").toString());
            assertEquals(2, r.exitCode(), r.err());
            assertEquals(1, r.errLines(), r.err());
            assertTrue(r.err().contains(bad[1]), r.err());
            assertTrue(!Files.exists(dir.resolve("x.csv")), "nothing written");
        }
    }

    /** A daily dataset against the moments the model implies for days' 95th percentiles (Monte Carlo, RealisticDailyMoments). */
    @Test
    void aDailyDatasetMatchesItsImpliedStatistics() throws Exception {
        Db db = TestDatabases.embedded();
        String schema = TestDatabases.freshSchema("realistic_daily");
        List<String> args = new ArrayList<>(List.of("load", "--quiet", "--model", "realistic", "--servers", "40", "--start", "2024-01-01",
                "--end", "2024-12-31"));
        args.addAll(db.cliArgs(schema, dir.resolve("pw")));
        assertEquals(0, CliRun.of(args.toArray(String[]::new)).exitCode());
        List<String> fidelity = new ArrayList<>(List.of("verify", "--fidelity", "--quiet"));
        fidelity.addAll(db.cliArgs(schema, dir.resolve("pw")));
        CliRun f = CliRun.of(fidelity.toArray(String[]::new));
        assertEquals(0, f.exitCode(), f.out() + f.err());
        assertTrue(f.out().contains("OK: every statistic is within tolerance"), f.out());
        assertTrue(f.out().contains("web          cpu ratio weekend"), f.out());
        db.dropSchema(schema);
    }
}
