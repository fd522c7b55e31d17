package org.fleetgen.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The share of the fleet that each archetype gets, in the order the fleet's blocks are laid out.
 * Shares are in [0, 1] and add up to 1 (within Python's {@code math.isclose} default tolerance, as the
 * reference checks). Archetype names are checked against the catalogue when the fleet is planned.
 */
public record FleetDistribution(List<Share> shares) {
    public static final String FIELD = "distribution";

    /** The reference distribution: web 0.35, application 0.40, database 0.15, batch 0.10. */
    public static final FleetDistribution REFERENCE = new FleetDistribution(List.of(
            new Share("web", 0.35), new Share("application", 0.40),
            new Share("database", 0.15), new Share("batch", 0.10)));

    public record Share(String archetype, double proportion) {
        public Share {
            if (archetype == null || archetype.isBlank()) {
                throw new ConfigException(FIELD, archetype, "archetype name is empty");
            }
            if (!(proportion >= 0.0 && proportion <= 1.0)) {
                throw new ConfigException(FIELD + "." + archetype, proportion, "must be a number from 0 to 1");
            }
        }
    }

    public FleetDistribution {
        if (shares == null || shares.isEmpty()) {
            throw new ConfigException(FIELD, "", "names no archetype");
        }
        shares = List.copyOf(shares);
        double sum = 0.0;
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (Share s : shares) {
            if (seen.put(s.archetype(), Boolean.TRUE) != null) {
                throw new ConfigException(FIELD, format(shares), "names archetype '" + s.archetype() + "' twice");
            }
            sum += s.proportion();
        }
        // math.isclose(sum, 1.0) with its default rel_tol 1e-9 and abs_tol 0.
        if (!(Math.abs(sum - 1.0) <= 1e-9 * Math.max(Math.abs(sum), 1.0))) {
            throw new ConfigException(FIELD, format(shares), "proportions must add up to 1, they add up to " + sum);
        }
    }

    /** Parses {@code web=0.35,application=0.40,...}. */
    public static FleetDistribution parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new ConfigException(field, text, "expected name=share pairs such as web=0.35,application=0.65");
        }
        List<Share> shares = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(field, text, "expected name=share pairs such as web=0.35,application=0.65");
            }
            String name = part.substring(0, eq).trim();
            String number = part.substring(eq + 1).trim();
            double proportion;
            try {
                proportion = Double.parseDouble(number);
            } catch (NumberFormatException e) {
                throw new ConfigException(field, text, "share of '" + name + "' is not a number: '" + number + "'");
            }
            shares.add(new Share(name, proportion));
        }
        return new FleetDistribution(shares);
    }

    public static FleetDistribution of(Map<String, Double> ordered) {
        List<Share> shares = new ArrayList<>();
        ordered.forEach((k, v) -> shares.add(new Share(k, v)));
        return new FleetDistribution(shares);
    }

    public Map<String, Double> asMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        shares.forEach(s -> map.put(s.archetype(), s.proportion()));
        return Collections.unmodifiableMap(map);
    }

    @Override
    public String toString() {
        return format(shares);
    }

    private static String format(List<Share> shares) {
        StringBuilder sb = new StringBuilder();
        for (Share s : shares) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(s.archetype()).append('=').append(s.proportion());
        }
        return sb.toString();
    }
}
