package org.fleetgen.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fleetgen.config.ConfigException;
import org.fleetgen.config.FleetDistribution;
import org.fleetgen.config.GenerationConfig;
import org.fleetgen.config.Granularity;
import org.fleetgen.config.RiskThresholds;
import org.fleetgen.simulation.Dataset;
import picocli.CommandLine.Option;

/** The flags that define a dataset; they override the config file, which overrides the defaults. */
final class GenerationOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (keys as in the upstream 'data' section).")
    Path configFile;

    @Option(names = "--model", paramLabel = "NAME", description = "Model that generates the data: reference (the default; docs/model.md) or realistic (README, The realistic model).")
    String model;

    @Option(names = "--servers", paramLabel = "N", description = "Number of servers (default 120).")
    Integer servers;

    @Option(names = "--only-servers", paramLabel = "IDS",
            description = "Generate only these servers of the fleet, exactly as in the whole fleet: ids and ranges, e.g. server_000,server_010-server_019.")
    String onlyServers;

    @Option(names = "--start", paramLabel = "YYYY-MM-DD", description = "First day (default 2022-01-01).")
    String start;

    @Option(names = "--end", paramLabel = "YYYY-MM-DD", description = "Last day, inclusive (default 2025-12-31).")
    String end;

    @Option(names = "--horizon-days", paramLabel = "N", description = "Realistic model: expected values and calendar days for N days "
            + "past --end with no observed rows, for scoring forecasts (the forecast_oracle view; default 0).")
    Integer horizonDays;

    @Option(names = "--granularity", paramLabel = "daily|hourly", description = "Time step (default daily).")
    String granularity;

    @Option(names = "--seed", paramLabel = "N", description = "Hash seed of the per-server streams, as PYTHONHASHSEED (default 0).")
    Long seed;

    @Option(names = "--distribution", paramLabel = "NAME=SHARE,...",
            description = "Archetype shares in block order (default web=0.35,application=0.40,database=0.15,batch=0.10).")
    String distribution;

    @Option(names = "--quarterly-peaks", negatable = true, description = "Quarter-end ramp (default on).")
    Boolean quarterlyPeaks;

    @Option(names = "--holiday-effect", negatable = true, description = "Holiday dips (default on).")
    Boolean holidayEffect;

    /** The config file's risk thresholds, known after {@link #dataset}. */
    RiskThresholds risk = RiskThresholds.DEFAULTS;

    /** The config file's timescaledb section, known after {@link #dataset} (the load's flags override it). */
    org.fleetgen.config.Timescale timescale = org.fleetgen.config.Timescale.DEFAULTS;

    /**
     * The dataset the flags and the config file describe, checked whole (the model's rules included) before
     * anything starts. A bad value is reported under the name the user gave it: the flag, or the file's key.
     * Upstream keys the file carries and fleetgen ignores are named in one notice line unless {@code quiet}.
     */
    Dataset dataset(PrintStream err, boolean quiet) {
        Map<String, String> origin = new HashMap<>();
        try {
            Dataset dataset = Dataset.of(resolve(origin));
            if (!ignored.isEmpty() && !quiet) {
                err.println("fleetgen: " + configFile + ": ignored " + ignored.size() + " key(s) the upstream generator ignores too: "
                        + String.join(", ", ignored));
            }
            return dataset;
        } catch (ConfigException e) {
            throw FlagNames.rename(e, origin);
        }
    }

    /** {@link #dataset}, as the library takes it. */
    org.fleetgen.api.DatasetSpec spec(PrintStream err, boolean quiet) {
        Map<String, String> origin = new HashMap<>();
        try {
            org.fleetgen.api.DatasetSpec spec = org.fleetgen.api.DatasetSpec.of(resolve(origin));
            if (!ignored.isEmpty() && !quiet) {
                err.println("fleetgen: " + configFile + ": ignored " + ignored.size() + " key(s) the upstream generator ignores too: "
                        + String.join(", ", ignored));
            }
            return spec;
        } catch (ConfigException e) {
            throw FlagNames.rename(e, origin);
        } catch (IllegalArgumentException e) {
            throw e.getCause() instanceof ConfigException ce ? FlagNames.rename(ce, origin) : e;
        }
    }

    private List<String> ignored = List.of();

    private GenerationConfig resolve(Map<String, String> origin) {
        GenerationConfig.Builder b = new GenerationConfig.Builder();
        if (configFile != null) {
            ConfigFile.Result file = ConfigFile.read(configFile, b);
            risk = file.risk();
            timescale = file.timescale();
            ignored = file.ignored();
            origin.putAll(file.origin());
        }
        if (model != null) {
            b.model(model);
            origin.put("model", "--model");
        }
        if (servers != null) {
            b.servers(servers);
            origin.put("servers", "--servers");
        }
        if (onlyServers != null) {
            b.slice(org.fleetgen.config.ServerSlice.parse("--only-servers", onlyServers));
            origin.put("only_servers", "--only-servers");
        }
        if (start != null) {
            b.start(parseDate("--start", start));
            origin.put("start", "--start");
        }
        if (end != null) {
            b.end(parseDate("--end", end));
            origin.put("end", "--end");
        }
        if (horizonDays != null) {
            b.horizonDays(horizonDays);
            origin.put("horizon_days", "--horizon-days");
        }
        if (granularity != null) {
            b.granularity(Granularity.parse("--granularity", granularity));
            origin.put("granularity", "--granularity");
        }
        if (seed != null) {
            b.seed(seed);
            origin.put("seed", "--seed");
        }
        if (distribution != null) {
            b.distribution(FleetDistribution.parse("--distribution", distribution));
            origin.put("distribution", "--distribution");
        }
        if (quarterlyPeaks != null) {
            b.quarterlyPeaks(quarterlyPeaks);
        }
        if (holidayEffect != null) {
            b.holidayEffect(holidayEffect);
        }
        return b.build();
    }

    static LocalDate parseDate(String field, String text) {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new ConfigException(field, text, "not a date of the form YYYY-MM-DD");
        }
    }
}
