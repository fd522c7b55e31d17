package org.fleetgen.config;

import java.time.Duration;
import java.util.Locale;

/** The spacing of the time grid. */
public enum Granularity {
    DAILY(Duration.ofDays(1)),
    HOURLY(Duration.ofHours(1));

    private final Duration step;

    Granularity(Duration step) {
        this.step = step;
    }

    public Duration step() {
        return step;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Granularity parse(String field, String text) {
        if (text != null) {
            for (Granularity g : values()) {
                if (g.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return g;
                }
            }
        }
        throw new ConfigException(field, text, "must be daily or hourly");
    }
}
