package org.fleetgen.fleet;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.fleetgen.config.ConfigException;
import org.fleetgen.simulation.stats.CholeskyFactor;

/**
 * The statistical profile of one server archetype (reference model §6 and §7). Standard deviations
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

    /** A profile from its numeric fields in {@link #FIELDS} order. */
    public static ArchetypeProfile of(String key, String displayName, double... v) {
        if (v.length != FIELDS.size()) {
            throw new IllegalArgumentException("expected " + FIELDS.size() + " values, got " + v.length);
        }
        return new ArchetypeProfile(key, displayName, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9],
                v[10], v[11], v[12], v[13], v[14], v[15], v[16], v[17], v[18], null);
    }

    public double[] values() {
        return new double[] {baseCpu, baseMemory, baseDisk, baseNetwork, cpuSd, memorySd, diskSd, networkSd,
                cpuMemCorrelation, cpuDiskCorrelation, cpuNetCorrelation, memDiskCorrelation, memNetCorrelation,
                diskNetCorrelation, businessHoursFactor, weekendFactor, spikeProbability, spikeMagnitude,
                monthlyGrowthRate};
    }

    /** This profile with some fields replaced; unknown field names are rejected. */
    public ArchetypeProfile with(Map<String, Double> overrides) {
        double[] v = values();
        for (Map.Entry<String, Double> e : overrides.entrySet()) {
            int i = FIELDS.indexOf(e.getKey());
            if (i < 0) {
                throw new ConfigException("archetypes." + key + "." + e.getKey(), e.getValue(),
                        "unknown profile field; known fields: " + String.join(", ", FIELDS));
            }
            v[i] = e.getValue();
        }
        return of(key, displayName, v);
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
