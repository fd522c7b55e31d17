package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;
import org.fleetgen.config.ConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
        GenerationConfig merged = flags.dataset(new PrintStream(new ByteArrayOutputStream(), true, UTF_8), false).config();
        assertEquals(7, merged.servers());
        assertEquals(Granularity.DAILY, merged.granularity());
        assertEquals(9, merged.seed());
    }

    private Path upstreamLayout() throws Exception {
        Path file = dir.resolve("config.yaml");
        try (var in = ConfigFileTest.class.getResourceAsStream("upstream-layout.yaml")) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    /** The upstream file is accepted as it is, means the reference defaults, and its ignored keys are listed. */
    @Test
    void acceptsTheUpstreamLayoutAndListsWhatItIgnores() throws Exception {
        GenerationConfig.Builder b = new GenerationConfig.Builder();
        ConfigFile.Result r = ConfigFile.read(upstreamLayout(), b);
        assertEquals(GenerationConfig.reference(), b.build());
        assertEquals(List.of("project", "aws", "data.years_of_data", "data.generated_data_path", "data.compression",
                "data.metrics", "data.metadata", "data.seasonality.weekly", "data.seasonality.weekend_factor",
                "data.seasonality.eoq_months", "data.validation", "data.samples_count", "data.p95_ranges", "ml",
                "feature_engineering", "risk_analysis.clustering", "paths", "visualization", "logging", "model_training",
                "execution").stream().sorted().toList(), r.ignored());
        assertEquals(80.0, r.risk().highRisk());
    }

    /** A key that neither fleetgen nor the upstream file knows is still an error, at every level. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "awz: {region: x}                          | awz",
            "data: {years: 4}                          | data.years",
            "data: {seasonality: {monthly: true}}      | data.seasonality.monthly",
            "risk_analysis: {clusters: 4}              | risk_analysis.clusters",
            "model_trainer: {}                         | model_trainer"})
    void unknownKeysAreStillErrors(String yaml, String key) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, yaml);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.read(file, new GenerationConfig.Builder()));
        assertEquals(key, e.field());
    }

    /** An error names the value where the user gave it: the file's key, or the flag that overrode it. */
    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource(delimiter = '|', value = {
            "data: {num_servers: 0}                              |                 | data.num_servers",
            "data: {num_servers: 5}                              | --servers=0     | --servers",
            "data: {distribution: {web: 0.5, cache: 0.5}}        |                 | data.distribution.cache",
            "data: {distribution: {web: 0.5, batch: 0.5}}        | --distribution=web=0.5,cache=0.5 | --distribution",
            "seed: 99999999999                                   |                 | seed",
            "model: realistik                                    |                 | model",
            "data: {start_date: '2024-02-01', end_date: '2024-01-01'} |            | data.end_date",
            "archetypes: {web: {base_cpu: .nan}}                 |                 | archetypes.web.base_cpu"})
    void errorsNameWhereTheValueCameFrom(String yaml, String flag, String field) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, yaml);
        GenerationOptions options = new GenerationOptions();
        options.configFile = file;
        if (flag != null) {
            String value = flag.substring(flag.indexOf('=') + 1);
            switch (flag.substring(0, flag.indexOf('='))) {
                case "--servers" -> options.servers = Integer.parseInt(value);
                case "--distribution" -> options.distribution = value;
                default -> throw new IllegalArgumentException(flag);
            }
        }
        ConfigException e = assertThrows(ConfigException.class,
                () -> options.dataset(new PrintStream(new ByteArrayOutputStream(), true, UTF_8), false));
        assertEquals(field, e.field(), e.getMessage());
    }
}
