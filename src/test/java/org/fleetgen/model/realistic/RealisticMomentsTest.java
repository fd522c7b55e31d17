package org.fleetgen.model.realistic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.Map;
import org.fleetgen.config.GenerationConfig;
import org.fleetgen.config.Granularity;
import org.fleetgen.model.ImpliedStatistics;
import org.fleetgen.sample.Metric;
import org.fleetgen.sample.TimeGrid;
import org.fleetgen.simulation.Dataset;
import org.junit.jupiter.api.Test;

/**
 * The realistic model's implied moments against its own rows: 40 servers of each archetype over a year of
 * hours, spread over two regions. Within four AR(1)-widened standard errors plus the fidelity check's allowances.
 */
class RealisticMomentsTest {
    private static final int PER_REGION = 20;
    private static final Map<String, Integer> REGIONS = Map.of("EU", PER_REGION, "US-West", PER_REGION);

    private static TimeGrid grid(Granularity g) {
        GenerationConfig config = new GenerationConfig.Builder().servers(4).start(LocalDate.of(2024, 1, 1)).end(LocalDate.of(2024, 12, 31))
                .granularity(g).model(RealisticModel.NAME).build();
        return Dataset.of(config, new RealisticModel()).grid();
    }

    @Test
    void impliedMomentsAgreeWithTheRows() {
        TimeGrid grid = grid(Granularity.HOURLY);
        long first = grid.epochSecond(0) / 3600 - RegionTime.ORIGIN_EPOCH_SECOND / 3600;
        int n = grid.size();
        for (RealisticProfile profile : RealisticProfile.DEFAULTS.values()) {
            ImpliedStatistics implied = new RealisticMoments(profile, grid, REGIONS);
            double[] sum = new double[4];
            double[] sumSq = new double[4];
            double[][] cross = new double[4][4];
            long rows = 0;
            double[][] out = new double[5][n];
            int seed = 0;
            for (String region : REGIONS.keySet()) {
                for (int s = 0; s < PER_REGION; s++) {
                    new HourlyProcess(profile, 1000 + seed++, region).fill(first, n, out);
                    for (int i = 0; i < n; i++) {
                        for (int a = 0; a < 4; a++) {
                            sum[a] += out[a][i];
                            sumSq[a] += out[a][i] * out[a][i];
                            for (int b = a + 1; b < 4; b++) {
                                cross[a][b] += out[a][i] * out[b][i];
                            }
                        }
                    }
                    rows += n;
                }
            }
            double widen = Math.sqrt((1 + implied.noiseAutocorrelation()) / (1 - implied.noiseAutocorrelation()));
            Metric[] metrics = {Metric.CPU, Metric.MEM, Metric.DISK, Metric.NET_IN};
            double[] mean = new double[4];
            double[] sd = new double[4];
            for (int a = 0; a < 4; a++) {
                mean[a] = sum[a] / rows;
                sd[a] = Math.sqrt(sumSq[a] / rows - mean[a] * mean[a]);
                ImpliedStatistics.Moments m = implied.moments(metrics[a]);
                assertEquals(m.mean(), mean[a], 4 * widen * m.sd() / Math.sqrt(rows) + 0.01 * m.mean(), profile.key() + " mean " + metrics[a]);
                assertEquals(m.sd(), sd[a], 4 * widen * m.sd() / Math.sqrt(2.0 * rows) + 0.01 * m.sd(), profile.key() + " sd " + metrics[a]);
            }
            for (int a = 0; a < 4; a++) {
                for (int b = a + 1; b < 4; b++) {
                    double observed = (cross[a][b] / rows - mean[a] * mean[b]) / (sd[a] * sd[b]);
                    double rho = implied.correlation(metrics[a], metrics[b]);
                    assertEquals(rho, observed, 4 * widen * (1 - rho * rho) / Math.sqrt(rows) + 0.03,
                            profile.key() + " corr " + metrics[a] + " ~ " + metrics[b]);
                }
            }
        }
    }

    @Test
    void dailyGridsHaveNoClosedForm() {
        assertThrows(org.fleetgen.config.ConfigException.class,
                () -> new RealisticMoments(RealisticProfile.DEFAULTS.get("web"), grid(Granularity.DAILY), REGIONS));
    }
}
