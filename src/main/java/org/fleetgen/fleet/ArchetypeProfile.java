package org.fleetgen.fleet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fleetgen.config.ConfigException;
import org.fleetgen.stats.CholeskyFactor;

/**
 * The statistical profile of one server archetype (docs/model.md §6 and §7). Standard deviations
 * are called "variance" upstream but used as standard deviations. The 4x4 correlation matrix over
 * (cpu, mem, disk, net) must be positive definite; its Cholesky factor is computed once, here.
 */
public record ArchetypeProfile(
        String key,
        String displayName,
        double baseCpu, double baseMemory, double baseDisk, double baseNetwork,
        double cpuSd, double memorySd, double diskSd, double networkSd,
        double cpuMemCorrelation, double cpuDiskCorrelation, double cpuNetCorrelation,
        double memDiskCorrelation, double memNetCorrelation, double diskNetCorrelation,
        double businessHoursFactor, double weekendFactor,
        double spikeProbability, double spikeMagnitude,
        double monthlyGrowthRate,
        CholeskyFactor cholesky) {

    /** The numeric fields in component order, by the names a config file uses for them. */
    public static final List<String> FIELDS = List.of(
            "base_cpu", "base_memory", "base_disk", "base_network",
            "cpu_sd", "memory_sd", "disk_sd", "network_sd",
            "cpu_mem_correlation", "cpu_disk_correlation", "cpu_net_correlation",
            "mem_disk_correlation", "mem_net_correlation", "disk_net_correlation",
            "business_hours_factor", "weekend_factor",
            "spike_probability", "spike_magnitude",
            "monthly_growth_rate");

    public ArchetypeProfile {
        String prefix = "archetypes." + key + ".";
        double[] v = {baseCpu, baseMemory, baseDisk, baseNetwork, cpuSd, memorySd, diskSd, networkSd,
                cpuMemCorrelation, cpuDiskCorrelation, cpuNetCorrelation, memDiskCorrelation, memNetCorrelation,
                diskNetCorrelation, businessHoursFactor, weekendFactor, spikeProbability, spikeMagnitude,
                monthlyGrowthRate};
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new ConfigException(prefix + FIELDS.get(i), v[i], "must be a finite number");
            }
        }
        for (int i = 4; i < 8; i++) {
            if (v[i] < 0) {
                throw new ConfigException(prefix + FIELDS.get(i), v[i], "a standard deviation must not be negative");
            }
        }
        for (int i = 8; i < 14; i++) {
            if (v[i] <= -1 || v[i] >= 1) {
                throw new ConfigException(prefix + FIELDS.get(i), v[i], "a correlation must lie strictly between -1 and 1");
            }
        }
        for (int i = 14; i < 16; i++) {
            if (v[i] < 0) {
                throw new ConfigException(prefix + FIELDS.get(i), v[i], "a factor must not be negative");
            }
        }
        if (spikeProbability < 0 || spikeProbability > 1) {
            throw new ConfigException(prefix + "spike_probability", spikeProbability, "must be from 0 to 1");
        }
        if (spikeMagnitude < 0) {
            throw new ConfigException(prefix + "spike_magnitude", spikeMagnitude, "must not be negative");
        }
        double[][] matrix = correlationMatrix(cpuMemCorrelation, cpuDiskCorrelation, cpuNetCorrelation,
                memDiskCorrelation, memNetCorrelation, diskNetCorrelation);
        try {
            cholesky = new CholeskyFactor(matrix);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("archetypes." + key + " correlations", Arrays.deepToString(matrix),
                    "the correlation matrix is not positive definite", e);
        }
    }

    /**
     * A profile from its fields by name: every name in {@link #FIELDS} once, nothing else. The message of
     * a missing or unknown field names the archetype, the field and what is expected.
     */
    public static ArchetypeProfile fromFields(String key, String displayName, Map<String, Double> fields) {
        List<String> missing = new ArrayList<>();
        for (String f : FIELDS) {
            if (!fields.containsKey(f)) {
                missing.add(f);
            }
        }
        for (Map.Entry<String, Double> e : fields.entrySet()) {
            if (!FIELDS.contains(e.getKey())) {
                throw new ConfigException("archetypes." + key + "." + e.getKey(), e.getValue(),
                        "unknown profile field; known fields: " + String.join(", ", FIELDS));
            }
        }
        if (!missing.isEmpty()) {
            throw new ConfigException("archetypes." + key, fields.keySet(),
                    "a new archetype needs every profile field; missing: " + String.join(", ", missing));
        }
        return new ArchetypeProfile(key, displayName,
                fields.get("base_cpu"), fields.get("base_memory"), fields.get("base_disk"), fields.get("base_network"),
                fields.get("cpu_sd"), fields.get("memory_sd"), fields.get("disk_sd"), fields.get("network_sd"),
                fields.get("cpu_mem_correlation"), fields.get("cpu_disk_correlation"), fields.get("cpu_net_correlation"),
                fields.get("mem_disk_correlation"), fields.get("mem_net_correlation"), fields.get("disk_net_correlation"),
                fields.get("business_hours_factor"), fields.get("weekend_factor"),
                fields.get("spike_probability"), fields.get("spike_magnitude"),
                fields.get("monthly_growth_rate"), null);
    }

    /** The fields by name, in {@link #FIELDS} order. */
    public Map<String, Double> fields() {
        double[] v = values();
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < v.length; i++) {
            out.put(FIELDS.get(i), v[i]);
        }
        return out;
    }

    /** The values in {@link #FIELDS} order (the columns of the {@code archetype} table). */
    public double[] values() {
        return new double[] {baseCpu, baseMemory, baseDisk, baseNetwork, cpuSd, memorySd, diskSd, networkSd,
                cpuMemCorrelation, cpuDiskCorrelation, cpuNetCorrelation, memDiskCorrelation, memNetCorrelation,
                diskNetCorrelation, businessHoursFactor, weekendFactor, spikeProbability, spikeMagnitude,
                monthlyGrowthRate};
    }

    /** This profile with some fields replaced; unknown field names are rejected. */
    public ArchetypeProfile with(Map<String, Double> overrides) {
        Map<String, Double> merged = fields();
        for (Map.Entry<String, Double> e : overrides.entrySet()) {
            if (!FIELDS.contains(e.getKey())) {
                throw new ConfigException("archetypes." + key + "." + e.getKey(), e.getValue(),
                        "unknown profile field; known fields: " + String.join(", ", FIELDS));
            }
            merged.put(e.getKey(), e.getValue());
        }
        return fromFields(key, displayName, merged);
    }

    /** The target correlation matrix over (cpu, mem, disk, net). */
    public double[][] correlationMatrix() {
        return correlationMatrix(cpuMemCorrelation, cpuDiskCorrelation, cpuNetCorrelation,
                memDiskCorrelation, memNetCorrelation, diskNetCorrelation);
    }

    private static double[][] correlationMatrix(double cm, double cd, double cn, double md, double mn, double dn) {
        return new double[][] {
                {1.0, cm, cd, cn},
                {cm, 1.0, md, mn},
                {cd, md, 1.0, dn},
                {cn, mn, dn, 1.0}};
    }
}
