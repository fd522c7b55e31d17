package org.fleetgen.config;

/**
 * Thresholds of the {@code server_capacity_risk} view, under the upstream {@code risk_analysis} keys.
 * They change no generated row, so they are not dataset parameters: every load and refresh stores them.
 *
 * @param windowDays            the view looks at the last N days of the dataset
 * @param highRisk              p95 of cpu, mem or disk at or above it: high
 * @param veryHighRisk          at or above it: very_high
 * @param underutilized         average cpu below it: underutilised
 */
public record RiskThresholds(int windowDays, double highRisk, double veryHighRisk, double underutilized) {
    public static final RiskThresholds DEFAULTS = new RiskThresholds(90, 80, 90, 40);

    public RiskThresholds {
        if (windowDays < 1 || windowDays > 100_000) {
            throw new ConfigException("risk_analysis.window_days", windowDays, "must be an integer from 1 to 100000");
        }
        percent("risk_analysis.high_risk_threshold", highRisk);
        percent("risk_analysis.very_high_risk_threshold", veryHighRisk);
        percent("risk_analysis.underutilized_threshold", underutilized);
        if (veryHighRisk < highRisk) {
            throw new ConfigException("risk_analysis.very_high_risk_threshold", veryHighRisk,
                    "must not be below high_risk_threshold " + highRisk);
        }
    }

    private static void percent(String field, double v) {
        if (!(v >= 0 && v <= 100)) {
            throw new ConfigException(field, v, "must be a number from 0 to 100");
        }
    }
}
