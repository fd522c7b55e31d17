package org.fleetgen.cli;

import java.nio.file.Path;
import org.fleetgen.config.ConfigException;
import org.fleetgen.config.GenerationConfig;
import org.fleetgen.config.RiskThresholds;
import org.fleetgen.simulation.Dataset;
import org.fleetgen.postgres.AnalyticsViews;
import org.fleetgen.postgres.ConnectionPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fleetgen refresh}: recomputes the views' answers from the rollups, with the config file's risk thresholds. */
@Command(name = "refresh", mixinStandardHelpOptions = true,
        description = "Recomputes the analytics views from the rollups (to apply new risk_analysis thresholds from --config); "
                + "--rebuild first rebuilds the rollups from server_metrics (after rows were edited by hand).")
final class RefreshCommand extends StreamCommand {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML file whose risk_analysis section to apply.")
    Path configFile;

    @Option(names = "--rebuild", description = "Rebuild the per-day rollups from server_metrics first (after editing rows by hand).")
    boolean rebuild;

    @Mixin
    DatabaseOptions database;

    @Mixin
    CommonOptions common;


    @Override
    public Integer call() throws Exception {
        RiskThresholds risk = RiskThresholds.DEFAULTS;
        if (configFile != null) {
            // The whole file is checked as export and load check it: a file they reject is rejected here too.
            GenerationConfig.Builder b = new GenerationConfig.Builder();
            ConfigFile.Result file = ConfigFile.read(configFile, b);
            risk = file.risk();
            try {
                Dataset.of(b.build());
            } catch (ConfigException e) {
                throw FlagNames.rename(e, file.origin());
            }
        }
        database.validate();
        long start = System.nanoTime();
        int parallelism = Math.min(org.fleetgen.load.DatasetLoader.MAX_WORKERS, Runtime.getRuntime().availableProcessors());
        try (ConnectionPool pool = ConnectionPool.open(database.resolve(DatabaseOptions.Embedded.EXISTING, common.quiet), parallelism + 1)) {
            if (new org.fleetgen.postgres.DatasetStore(pool.dsl()).manifest() == null) {
                throw new org.fleetgen.postgres.DatabaseException("schema " + pool.target().schema() + " holds no fleetgen dataset");
            }
            AnalyticsViews views = new AnalyticsViews(pool);
            views.storeRiskThresholds(risk);
            views.refresh(rebuild, parallelism);
            if (!common.quiet) {
                streams.err().printf(java.util.Locale.ROOT, "fleetgen: recomputed %d views%s in schema %s in %.1f s%n",
                        AnalyticsViews.FROM_ROLLUPS.size(), rebuild ? " from rebuilt rollups" : "", pool.target().schema(),
                        (System.nanoTime() - start) / 1e9);
            }
        }
        return Fleetgen.OK;
    }
}
