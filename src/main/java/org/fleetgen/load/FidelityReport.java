package org.fleetgen.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.fleetgen.config.DatasetParameters;
import org.fleetgen.fleet.ArchetypeProfile;
import org.fleetgen.model.ImpliedStatistics;
import org.fleetgen.model.Scenario;
import org.fleetgen.postgres.AnalyticsViews;
import org.fleetgen.postgres.ConnectionPool;
import org.fleetgen.postgres.DatabaseException;
import org.fleetgen.postgres.DatasetManifest;
import org.fleetgen.postgres.DatasetStore;
import org.fleetgen.sample.Metric;
import org.fleetgen.sample.TimeGrid;
import org.fleetgen.simulation.Dataset;
import org.jooq.Record;
import org.jooq.Result;

/**
 * For each archetype of a loaded dataset: the observed mean and standard deviation of cpu, mem, disk
 * and net_in, their correlations, and the calendar ratios of cpu, next to what the dataset's model implies
 * ({@link ImpliedStatistics}), each flagged when outside its tolerance. Observed values come from the
 * analytics views (refreshed first if empty).
 *
 * <p>A tolerance is four standard errors of the observed statistic (rows are independent draws), plus
 * a small allowance for what the implied values leave out (rounding; clipping, for correlations): a
 * faithful dataset passes at any size, and a wrong effect is flagged once the data can show it.
 */
public final class FidelityReport {
    /** Standard errors a statistic may stray. */
    public static final double STANDARD_ERRORS = 4;
    /** Allowances for the approximations: relative for means and standard deviations, absolute otherwise. */
    public static final double MOMENT_ALLOWANCE = 0.01;
    public static final double CORRELATION_ALLOWANCE = 0.03;
    public static final double RATIO_ALLOWANCE = 0.01;

    /** net_out is left out: every model here makes it a fixed share of net_in. */
    private static final List<Metric> METRICS = List.of(Metric.CPU, Metric.MEM, Metric.DISK, Metric.NET_IN);
    private static final String SUMMARY = "archetype_summary";
    private static final String CORRELATION = "archetype_correlation";
    private static final String EFFECTS = "archetype_calendar_effects";

    /** One statistic: observed, implied, and the largest difference that still counts as agreement. */
    public record Check(String archetype, String quantity, double observed, double implied, double tolerance) {
        public double difference() {
            return observed - implied;
        }

        public boolean ok() {
            return Math.abs(difference()) <= tolerance;
        }
    }

    private final ConnectionPool pool;

    public FidelityReport(ConnectionPool pool) {
        this.pool = pool;
    }

    /** A value of a view's row: the row whose columns equal {@code key}, its {@code column}; null when there is no such row. */
    @FunctionalInterface
    public interface ViewRows {
        Object value(String view, Map<String, String> key, String column);
    }

    public List<Check> checks(int parallelism) throws DatabaseException {
        DatasetManifest manifest = new DatasetStore(pool.dsl()).manifest();
        if (manifest == null) {
            throw new DatabaseException("schema " + pool.target().schema() + " holds no fleetgen dataset");
        }
        Dataset dataset = Dataset.of(DatasetParameters.parse(manifest.parameters()).generation());
        AnalyticsViews views = new AnalyticsViews(pool);
        if (!views.populated()) {
            views.update(parallelism);
        }
        Map<String, Result<Record>> rows = new java.util.HashMap<>();
        for (String v : List.of("archetype_summary", "archetype_correlation", "archetype_calendar_effects")) {
            rows.put(v, views.query(v));
        }
        return checks(dataset, implied(dataset), (view, key, column) -> {
            Record r = find(rows.get(view), key);
            return r == null ? null : r.get(column);
        });
    }

    /**
     * What the model implies for each archetype of the dataset, with the costly part (the per-stamp moments)
     * already computed: the half of the checks that needs no database, to run beside reading the views.
     */
    public static Map<String, ImpliedStatistics> implied(Dataset dataset) {
        Map<String, ImpliedStatistics> out = new java.util.LinkedHashMap<>();
        for (ArchetypeProfile p : dataset.profiles()) {
            out.put(p.key(), implied(dataset, p));
        }
        return out;
    }

    /** One archetype's share of {@link #implied(Dataset)}; archetypes may be computed on different threads. */
    public static ImpliedStatistics implied(Dataset dataset, ArchetypeProfile profile) {
        ImpliedStatistics implied = dataset.scenario().implied(profile);
        METRICS.forEach(implied::moments);
        return implied;
    }

    /** The checks, from the model's implied statistics and the views' observed ones. */
    public static List<Check> checks(Dataset dataset, Map<String, ImpliedStatistics> impliedByType, ViewRows views) {
        Scenario scenario = dataset.scenario();
        TimeGrid grid = dataset.grid();
        List<Check> checks = new ArrayList<>();
        for (ArchetypeProfile p : dataset.profiles()) {
            String type = p.key();
            ImpliedStatistics implied = impliedByType.get(type);
            // Autocorrelated rows: a statistic's standard error grows by the AR(1) factor (1 for independent rows).
            double lag1 = implied.noiseAutocorrelation();
            double se = Math.sqrt((1 + lag1) / (1 - lag1));
            for (Metric m : METRICS) {
                Map<String, String> r = Map.of("server_type", type, "metric", m.column());
                ImpliedStatistics.Moments moments = implied.moments(m);
                double n = number(views.value(SUMMARY, r, "rows"));
                checks.add(new Check(type, "mean " + m.column(), number(views.value(SUMMARY, r, "mean")), moments.mean(),
                        STANDARD_ERRORS * se * moments.sd() / Math.sqrt(n) + MOMENT_ALLOWANCE * moments.mean()));
                // The standard error of a standard deviation: sd·sqrt((kurtosis − 1) / (4n)), sd / sqrt(2n) for normal rows.
                double tails = Math.sqrt(Math.max(2, implied.kurtosis(m) - 1) / 2);
                checks.add(new Check(type, "stddev " + m.column(), number(views.value(SUMMARY, r, "stddev")), moments.sd(),
                        STANDARD_ERRORS * se * tails * moments.sd() / Math.sqrt(2 * (n - 1)) + MOMENT_ALLOWANCE * moments.sd()));
            }
            for (int i = 0; i < METRICS.size(); i++) {
                for (int j = i + 1; j < METRICS.size(); j++) {
                    Metric a = METRICS.get(i);
                    Metric b = METRICS.get(j);
                    Map<String, String> r = Map.of("server_type", type, "metric_a", a.column(), "metric_b", b.column());
                    double rho = implied.correlation(a, b);
                    checks.add(new Check(type, "corr " + a.column() + " ~ " + b.column(), number(views.value(CORRELATION, r, "observed")), rho,
                            STANDARD_ERRORS * se * (1 - rho * rho) / Math.sqrt(number(views.value(CORRELATION, r, "rows")) - 1) + CORRELATION_ALLOWANCE));
                }
            }
            Map<String, IntPredicate> periods = Map.of(
                    "weekend", t -> grid.day(grid.dayIndexOf(t)).isWeekend(),
                    "quarter_end", t -> scenario.dayEffects(grid.dayIndexOf(t)).inQuarterEndWindow(),
                    "generator_holiday", t -> scenario.dayEffects(grid.dayIndexOf(t)).isModelHoliday());
            for (String effect : List.of("weekend", "quarter_end", "generator_holiday")) {
                Object observedRatio = views.value(EFFECTS, Map.of("server_type", type, "effect", effect), "cpu_ratio");
                if (observedRatio == null) {
                    continue;  // the dataset has no such days
                }
                // Delta method: the ratio's relative error is the root sum of the two means' relative errors.
                int servers = (int) number(views.value(SUMMARY, Map.of("server_type", type, "metric", Metric.CPU.column()), "servers"));
                ImpliedStatistics.Moments in = implied.moments(Metric.CPU, periods.get(effect));
                ImpliedStatistics.Moments out = implied.moments(Metric.CPU, periods.get(effect).negate());
                double ratio = in.mean() / out.mean();
                double relIn = in.sd() / Math.sqrt((double) in.stamps() * servers) / in.mean();
                double relOut = out.sd() / Math.sqrt((double) out.stamps() * servers) / out.mean();
                checks.add(new Check(type, "cpu ratio " + effect, number(observedRatio), ratio,
                        STANDARD_ERRORS * se * ratio * Math.sqrt(relIn * relIn + relOut * relOut) + RATIO_ALLOWANCE));
            }
        }
        return checks;
    }

    private static Record find(Result<Record> rows, Map<String, String> key) {
        for (Record r : rows) {
            boolean all = true;
            for (Map.Entry<String, String> e : key.entrySet()) {
                all &= e.getValue().equals(String.valueOf(r.get(e.getKey())));
            }
            if (all) {
                return r;
            }
        }
        return null;
    }

    private static double number(Object v) {
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }
}
