package org.fleetgen.model.realistic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** Daily grids: the Monte Carlo moments of the days' 95th percentiles against 40 servers' daily rows of a year. */
    @Test
    void dailyImpliedMomentsAgreeWithTheRows() {
        TimeGrid grid = grid(Granularity.DAILY);
        long first = grid.epochSecond(0) / 3600 - RegionTime.ORIGIN_EPOCH_SECOND / 3600;
        int days = grid.size();
        for (RealisticProfile profile : RealisticProfile.DEFAULTS.values()) {
            RealisticDailyMoments implied = new RealisticDailyMoments(profile, grid, REGIONS);
            double[] sum = new double[4];
            double[] sumSq = new double[4];
            double[][] cross = new double[4][4];
            double[] cube = new double[4];
            double[] fourth = new double[4];
            double[] weekend = new double[2];
            long[] weekendRows = new long[2];
            long rows = 0;
            double[][] out = new double[5][days * 24];
            double[] one = new double[24];
            double[] v = new double[4];
            int seed = 0;
            for (String region : REGIONS.keySet()) {
                for (int s = 0; s < PER_REGION; s++) {
                    HourlyProcess process = new HourlyProcess(profile, 5000 + seed++, region);
                    process.fill(first, days * 24, out);
                    for (int d = 0; d < days; d++) {
                        for (int a = 0; a < 4; a++) {
                            System.arraycopy(out[a], d * 24, one, 0, 24);
                            v[a] = Math.rint(org.fleetgen.stats.PercentileCont.of(one, 24, 0.95) * 100) / 100;
                        }
                        if (s < 2 && d % 7 == 0) {
                            // The test's daily rows are the generator's (checked on a sample: dailyP95 walks a block per call).
                            double[] row = new double[5];
                            process.dailyP95(first / 24 + d, row);
                            for (int a = 0; a < 4; a++) {
                                assertEquals(row[a], v[a], 0.0, "the test's daily rows are the generator's");
                            }
                        }
                        for (int a = 0; a < 4; a++) {
                            sum[a] += v[a];
                            sumSq[a] += v[a] * v[a];
                            cube[a] += v[a] * v[a] * v[a];
                            fourth[a] += v[a] * v[a] * v[a] * v[a];
                            for (int b = a + 1; b < 4; b++) {
                                cross[a][b] += v[a] * v[b];
                            }
                        }
                        int w = grid.day(d).isWeekend() ? 1 : 0;
                        weekend[w] += v[0];
                        weekendRows[w]++;
                        rows++;
                    }
                }
            }
            double r = implied.noiseAutocorrelation();
            double widen = Math.sqrt((1 + r) / (1 - r));
            Metric[] metrics = {Metric.CPU, Metric.MEM, Metric.DISK, Metric.NET_IN};
            double[] mean = new double[4];
            double[] sd = new double[4];
            for (int a = 0; a < 4; a++) {
                mean[a] = sum[a] / rows;
                sd[a] = Math.sqrt(sumSq[a] / rows - mean[a] * mean[a]);
                ImpliedStatistics.Moments m = implied.moments(metrics[a]);
                assertEquals(m.mean(), mean[a], 4 * widen * m.sd() / Math.sqrt(rows) + 0.01 * m.mean(), profile.key() + " mean " + metrics[a]);
                assertEquals(m.sd(), sd[a], 4 * widen * m.sd() / Math.sqrt(2.0 * rows) + 0.02 * m.sd(), profile.key() + " sd " + metrics[a]);
                double central4 = fourth[a] / rows - 4 * mean[a] * cube[a] / rows + 6 * mean[a] * mean[a] * sumSq[a] / rows
                        - 3 * Math.pow(mean[a], 4);
                double kurtosis = central4 / Math.pow(sd[a], 4);
                // A sample kurtosis of heavy tails is itself noisy: within a third of the implied one.
                assertEquals(implied.kurtosis(metrics[a]), kurtosis, implied.kurtosis(metrics[a]) / 3, profile.key() + " kurtosis " + metrics[a]);
            }
            for (int a = 0; a < 4; a++) {
                for (int b = a + 1; b < 4; b++) {
                    double observed = (cross[a][b] / rows - mean[a] * mean[b]) / (sd[a] * sd[b]);
                    double rho = implied.correlation(metrics[a], metrics[b]);
                    assertEquals(rho, observed, 4 * widen * (1 - rho * rho) / Math.sqrt(rows) + 0.03,
                            profile.key() + " corr " + metrics[a] + " ~ " + metrics[b]);
                }
            }
            double ratio = (weekend[1] / weekendRows[1]) / (weekend[0] / weekendRows[0]);
            double impliedRatio = implied.moments(Metric.CPU, t -> grid.day(t).isWeekend()).mean()
                    / implied.moments(Metric.CPU, t -> !grid.day(t).isWeekend()).mean();
            assertEquals(impliedRatio, ratio, 0.03, profile.key() + " weekend cpu ratio");
            if (!profile.key().equals("batch")) {
                assertTrue(impliedRatio < 0.97, profile.key() + ": weekends are quieter, " + impliedRatio);
            }
            assertTrue(implied.patterns() < 4 * days, implied.patterns() + " patterns for " + days + " days in 2 regions");
        }
    }
}
