package org.fleetgen.load;

import java.util.Locale;
import org.fleetgen.config.ConfigException;

/** How rows reach the table. */
public enum LoadMethod {
    /** Binary COPY through PgJDBC's CopyManager. */
    COPY,
    /** Multi-row INSERTs through jOOQ's Loader API. */
    JOOQ;

    public static LoadMethod parse(String text) {
        for (LoadMethod m : values()) {
            if (m.name().equalsIgnoreCase(text)) {
                return m;
            }
        }
        throw new ConfigException("method", text, "must be copy or jooq");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
