package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.fleetgen.testing.TestDatabases;
import org.fleetgen.testing.TestDatabases.Db;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify --fidelity}: a faithful dataset passes; one whose effects were tampered with is flagged. */
class FidelityIT {
    @TempDir
    Path dir;

    private CliRun run(Db db, String schema, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(extra));
        args.add("--quiet");
        args.addAll(db.cliArgs(schema, dir.resolve("pw")));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void faithfulDatasetPassesAndBrokenEffectsAreFlagged() throws Exception {
        Db db = TestDatabases.embedded();
        String schema = TestDatabases.freshSchema("fidelity");
        assertEquals(0, run(db, schema, "load", "--servers", "40", "--start", "2023-01-01", "--end", "2024-12-31").exitCode());
        Path json = dir.resolve("fidelity.json");
        CliRun ok = run(db, schema, "verify", "--fidelity", "--json", json.toString());
        assertEquals(0, ok.exitCode(), ok.out() + ok.err());
        assertTrue(ok.out().contains("OK: every statistic is within tolerance"), ok.out());
        assertTrue(ok.out().contains("web          cpu ratio weekend"), ok.out());
        String report = Files.readString(json);
        assertTrue(report.contains("\"flagged\":0") && report.contains("\"quantity\":\"corr cpu_p95 ~ mem_p95\""), report);

        // Undo the weekend effect of the web servers and inflate the batch servers' memory, then rebuild the rollups.
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("UPDATE " + schema + ".server_metrics m SET cpu_p95 = least(100, m.cpu_p95 / 0.5) FROM " + schema + ".server s "
                    + "WHERE s.server_key = m.server_key AND s.server_type = 'web' AND extract(isodow FROM m.ts) >= 6");
            s.execute("UPDATE " + schema + ".server_metrics m SET mem_p95 = least(100, m.mem_p95 * 1.2) FROM " + schema + ".server s "
                    + "WHERE s.server_key = m.server_key AND s.server_type = 'batch'");
        }
        assertEquals(0, run(db, schema, "refresh", "--rebuild").exitCode());
        CliRun flagged = run(db, schema, "verify", "--fidelity");
        assertEquals(1, flagged.exitCode(), flagged.out());
        List<String> outside = flagged.out().lines().filter(l -> l.contains("OUTSIDE")).toList();
        assertTrue(outside.stream().anyMatch(l -> l.startsWith("web") && l.contains("cpu ratio weekend")), flagged.out());
        assertTrue(outside.stream().anyMatch(l -> l.startsWith("batch") && l.contains("mean mem_p95")), flagged.out());
        assertFalse(outside.stream().anyMatch(l -> l.startsWith("database")), "untouched archetypes stay clean: " + flagged.out());
        assertTrue(flagged.out().contains("FLAGGED:"), flagged.out());
        db.dropSchema(schema);
    }
}
