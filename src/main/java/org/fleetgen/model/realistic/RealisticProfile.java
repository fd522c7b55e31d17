package org.fleetgen.model.realistic;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.fleetgen.config.ConfigException;

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
        base = base.clone();
        sd = sd.clone();
        monthlyGrowth = monthlyGrowth.clone();
        double[][] copy = new double[correlation.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = correlation[i].clone();
        }
        correlation = copy;
    }

    /** Every field, as profiles.properties and a config file's archetypes: section name them. */
    public static final List<String> FIELDS = List.of(
            "base_cpu", "base_memory", "base_disk", "base_network", "cpu_sd", "memory_sd", "disk_sd", "network_sd", "phi",
            "cpu_mem_correlation", "cpu_disk_correlation", "cpu_net_correlation", "mem_disk_correlation", "mem_net_correlation",
            "disk_net_correlation", "cpu_monthly_growth", "memory_monthly_growth", "disk_monthly_growth", "network_monthly_growth",
            "business_lift", "weekend_factor", "nightly_lift", "events_per_day", "event_max_hours", "event_factor", "net_out_share");

    /** The defaults, from profiles.properties, where each number stands next to its reason. */
    public static final Map<String, RealisticProfile> DEFAULTS = load();

    private static Map<String, RealisticProfile> load() {
        Properties p = new Properties();
        try (InputStream in = RealisticProfile.class.getResourceAsStream("profiles.properties")) {
            if (in == null) {
                throw new IllegalStateException("profiles.properties is missing from the build");
            }
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read profiles.properties", e);
        }
        Map<String, RealisticProfile> out = new LinkedHashMap<>();
        for (String key : p.getProperty("archetypes").split("\\s*,\\s*")) {
            Map<String, Double> fields = new LinkedHashMap<>();
            for (String field : FIELDS) {
                String v = p.getProperty(key + "." + field);
                if (v == null) {
                    throw new IllegalStateException("profiles.properties lacks " + key + "." + field);
                }
                fields.put(field, Double.parseDouble(v.trim()));
            }
            out.put(key, fromFields(key, fields));
        }
        return Collections.unmodifiableMap(out);
    }

    /** A profile from every field by name; a bad value is a ConfigException naming archetypes.KEY.FIELD. */
    static RealisticProfile fromFields(String key, Map<String, Double> f) {
        String at = "archetypes." + key + ".";
        for (String field : List.of("base_cpu", "base_memory", "base_disk", "base_network", "cpu_sd", "memory_sd", "disk_sd", "network_sd",
                "business_lift", "weekend_factor", "nightly_lift", "event_factor", "net_out_share")) {
            double v = f.get(field);
            // Far above any metric's bound (100 %, 1000 Mbps), and small enough that growth never overflows a double.
            if (!(v >= 0 && v <= 1_000_000)) {
                throw new ConfigException(at + field, v, "must be a number from 0 to 1000000");
            }
        }
        for (String field : List.of("cpu_monthly_growth", "memory_monthly_growth", "disk_monthly_growth", "network_monthly_growth")) {
            double v = f.get(field);
            if (!(v > -0.5 && v < 0.5)) {
                throw new ConfigException(at + field, v, "must be a monthly rate between -0.5 and 0.5");
            }
        }
        if (!(f.get("phi") >= 0 && f.get("phi") < 1)) {
            throw new ConfigException(at + "phi", f.get("phi"), "must be at least 0 and below 1");
        }
        if (!(f.get("events_per_day") >= 0 && f.get("events_per_day") <= 1)) {
            throw new ConfigException(at + "events_per_day", f.get("events_per_day"), "must be a probability, from 0 to 1");
        }
        double hours = f.get("event_max_hours");
        if (hours != Math.rint(hours) || hours < 1 || hours > 24) {
            throw new ConfigException(at + "event_max_hours", hours, "must be a whole number of hours from 1 to 24");
        }
        if (f.get("event_factor") < 1) {
            throw new ConfigException(at + "event_factor", f.get("event_factor"), "must be 1 or more (an event raises load)");
        }
        double[][] r = {
            {1, f.get("cpu_mem_correlation"), f.get("cpu_disk_correlation"), f.get("cpu_net_correlation")},
            {f.get("cpu_mem_correlation"), 1, f.get("mem_disk_correlation"), f.get("mem_net_correlation")},
            {f.get("cpu_disk_correlation"), f.get("mem_disk_correlation"), 1, f.get("disk_net_correlation")},
            {f.get("cpu_net_correlation"), f.get("mem_net_correlation"), f.get("disk_net_correlation"), 1}};
        try {
            new org.fleetgen.stats.CholeskyFactor(r);
        } catch (RuntimeException e) {
            throw new ConfigException(at + "cpu_mem_correlation", f.get("cpu_mem_correlation"),
                    "the six correlations do not form a valid correlation matrix (not positive definite)", e);
        }
        return new RealisticProfile(key,
                new double[] {f.get("base_cpu"), f.get("base_memory"), f.get("base_disk"), f.get("base_network")},
                new double[] {f.get("cpu_sd"), f.get("memory_sd"), f.get("disk_sd"), f.get("network_sd")}, f.get("phi"), r,
                new double[] {f.get("cpu_monthly_growth"), f.get("memory_monthly_growth"), f.get("disk_monthly_growth"),
                    f.get("network_monthly_growth")},
                f.get("business_lift"), f.get("weekend_factor"), f.get("nightly_lift"), f.get("events_per_day"), (int) hours,
                f.get("event_factor"), f.get("net_out_share"));
    }

    /** The profile's fields by name, as {@link #fromFields} takes them. */
    Map<String, Double> fields() {
        Map<String, Double> f = new LinkedHashMap<>();
        String[] metrics = {"cpu", "memory", "disk", "network"};
        for (int i = 0; i < 4; i++) {
            f.put("base_" + metrics[i], base[i]);
        }
        for (int i = 0; i < 4; i++) {
            f.put(metrics[i] + "_sd", sd[i]);
        }
        f.put("phi", phi);
        f.put("cpu_mem_correlation", correlation[0][1]);
        f.put("cpu_disk_correlation", correlation[0][2]);
        f.put("cpu_net_correlation", correlation[0][3]);
        f.put("mem_disk_correlation", correlation[1][2]);
        f.put("mem_net_correlation", correlation[1][3]);
        f.put("disk_net_correlation", correlation[2][3]);
        for (int i = 0; i < 4; i++) {
            f.put(metrics[i] + "_monthly_growth", monthlyGrowth[i]);
        }
        f.put("business_lift", businessLift);
        f.put("weekend_factor", weekendFactor);
        f.put("nightly_lift", nightlyLift);
        f.put("events_per_day", eventsPerDay);
        f.put("event_max_hours", (double) eventMaxHours);
        f.put("event_factor", eventFactor);
        f.put("net_out_share", netOutShare);
        return f;
    }

    /** This profile with some fields replaced (a config file's archetypes: section); names are checked against {@link #FIELDS}. */
    public RealisticProfile with(Map<String, Double> overrides) {
        Map<String, Double> f = fields();
        for (Map.Entry<String, Double> e : overrides.entrySet()) {
            if (!FIELDS.contains(e.getKey())) {
                throw new ConfigException("archetypes." + key + "." + e.getKey(), e.getValue(),
                        "not a field of the realistic model's profiles; fields: " + String.join(", ", FIELDS));
            }
            f.put(e.getKey(), e.getValue());
        }
        return fromFields(key, f);
    }
}
