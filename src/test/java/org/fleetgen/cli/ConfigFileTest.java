package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.fleetgen.config.GenerationConfig;
import org.fleetgen.config.Granularity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
    @TempDir
    Path dir;

    @Test
    void readsEveryKeyAndFlagsOverrideIt() throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, """
                data:
                  num_servers: 40
                  start_date: "2023-01-01"
                  end_date: 2023-06-30
                  granularity: hourly
                  seasonality: {quarterly_peaks: false, holiday_effect: true}
                  distribution: {web: 0.5, batch: 0.5}
                seed: 9
                archetypes:
                  batch: {spike_probability: 0.2}
                """);
        GenerationConfig.Builder b = new GenerationConfig.Builder();
        ConfigFile.read(file, b);
        GenerationConfig c = b.build();
        assertEquals(40, c.servers());
        assertEquals(LocalDate.of(2023, 1, 1), c.start());
        assertEquals(LocalDate.of(2023, 6, 30), c.end());
        assertEquals(Granularity.HOURLY, c.granularity());
        assertEquals(false, c.quarterlyPeaks());
        assertEquals(true, c.holidayEffect());
        assertEquals(9, c.seed());
        assertEquals("web=0.5,batch=0.5", c.distribution().toString());
        assertEquals(0.2, c.archetypeOverrides().get("batch").get("spike_probability"));

        GenerationOptions flags = new GenerationOptions();
        flags.configFile = file;
        flags.servers = 7;
        flags.granularity = "daily";
        GenerationConfig merged = flags.resolve();
        assertEquals(7, merged.servers());
        assertEquals(Granularity.DAILY, merged.granularity());
        assertEquals(9, merged.seed());
    }
}
