package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole-dataset exports too heavy for the unit phase (472 MB of CSV); no database needed. */
class ExportLargeIT {
    @TempDir
    Path dir;

    @Test
    void defaultHourlyDatasetMatchesTheIndependentRendering() throws Exception {
        // sha256 of the 4,204,920-row hourly default as an independent Python rendering of the reference
        // model (numpy RandomState, PYTHONHASHSEED=0) wrote it; the reference publishes no hourly hash.
        Path csv = dir.resolve("hourly.csv");
        CliRun run = CliRun.of("export", "--quiet", "--granularity", "hourly", "--out", csv.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("6ba150fecbc2332bd1fb9ecb008ca0ad02a9a830036af4be3dcba81c162cc20b", ExportCommandTest.sha256(csv));
        assertEquals(472_542_298, Files.size(csv));
        Files.delete(csv);
    }

}
