package org.fleetgen.model.realistic;

import java.util.Map;

/**
 * One archetype's parameters in the realistic model, per metric in the order cpu, mem, disk, net_in (net_out
 * is {@code netOutShare} of net_in). Levels are those of 2024-01 and grow by {@code monthlyGrowth} per
 * calendar month, compounding, before and after it.
 *
 * @param base          expected level outside business hours on a weekday (%, %, %, Mbps)
 * @param sd            standard deviation of the noise around it in 2024-01 (it grows with the level)
 * @param phi           lag-1 autocorrelation of the hourly noise, every metric alike (so the noise's
 *                      correlation between metrics is {@code correlation} at every lag 0)
 * @param correlation   correlation of the noise's innovations between the four metrics
 * @param monthlyGrowth growth per calendar month of each metric's level
 * @param businessLift  factor on cpu, mem and net from 09:00 to 17:00 local time on working days
 * @param weekendFactor factor on cpu, mem and net on local Saturdays and Sundays
 * @param nightlyLift   factor on cpu, mem and net from 00:00 to 06:00 local time (batch windows); 1 for none
 * @param eventsPerDay  probability that a spike event starts on a given day
 * @param eventMaxHours longest event, in hours (at most 24)
 * @param eventFactor   typical factor an event puts on cpu, mem and net (drawn between 1.5 and 2.5 times its excess)
 */
public record RealisticProfile(String key, double[] base, double[] sd, double phi, double[][] correlation, double[] monthlyGrowth,
                               double businessLift, double weekendFactor, double nightlyLift, double eventsPerDay, int eventMaxHours,
                               double eventFactor, double netOutShare) {
    public RealisticProfile {
        if (phi < 0 || phi >= 1) {
            throw new IllegalArgumentException(key + ".phi: " + phi + " must be in [0, 1)");
        }
        if (eventMaxHours < 1 || eventMaxHours > 24) {
            throw new IllegalArgumentException(key + ".event_max_hours: " + eventMaxHours + " must be an integer from 1 to 24");
        }
    }

    private static double[][] correlation(double cpuMem, double cpuDisk, double cpuNet, double memDisk, double memNet, double diskNet) {
        return new double[][] {
            {1, cpuMem, cpuDisk, cpuNet},
            {cpuMem, 1, memDisk, memNet},
            {cpuDisk, memDisk, 1, diskNet},
            {cpuNet, memNet, diskNet, 1}};
    }

    /**
     * The defaults, and why: web servers follow people (a strong business-hours lift and quiet weekends) with
     * traffic-led growth of about 1 % a month; application servers likewise, a little steadier; databases are
     * memory-heavy, change slowly (high phi), barely rest at weekends and grow in disk; batch servers work at
     * night (00-06 local) every day and burst the most. Events (incidents, releases, reports) start on 2-5 %
     * of days and last up to a few hours, database servers included.
     */
    public static final Map<String, RealisticProfile> DEFAULTS = Map.of(
            "web", new RealisticProfile("web", new double[] {28, 40, 30, 120}, new double[] {7, 5, 2.5, 35}, 0.80,
                    correlation(0.6, 0.1, 0.8, 0.2, 0.5, 0.1), new double[] {0.010, 0.005, 0.008, 0.010}, 1.6, 0.65, 1.0, 0.05, 4, 1.8, 0.6),
            "application", new RealisticProfile("application", new double[] {32, 50, 40, 80}, new double[] {8, 6, 3, 25}, 0.85,
                    correlation(0.6, 0.2, 0.6, 0.3, 0.4, 0.2), new double[] {0.008, 0.006, 0.008, 0.008}, 1.4, 0.7, 1.0, 0.04, 6, 1.6, 0.6),
            "database", new RealisticProfile("database", new double[] {38, 68, 55, 70}, new double[] {6, 4, 2, 18}, 0.92,
                    correlation(0.6, 0.3, 0.5, 0.5, 0.3, 0.3), new double[] {0.006, 0.004, 0.012, 0.006}, 1.25, 0.85, 1.0, 0.02, 3, 1.5, 0.6),
            "batch", new RealisticProfile("batch", new double[] {22, 35, 45, 50}, new double[] {9, 7, 4, 20}, 0.70,
                    correlation(0.7, 0.3, 0.5, 0.4, 0.4, 0.3), new double[] {0.007, 0.005, 0.010, 0.007}, 1.0, 1.0, 2.4, 0.03, 6, 2.0, 0.6));
}
