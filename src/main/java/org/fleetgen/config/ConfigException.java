package org.fleetgen.config;

/**
 * A configuration value that fleetgen cannot accept. The message names the field and the value, so
 * it can be shown to the user as it is.
 */
public class ConfigException extends IllegalArgumentException {
    private final String field;

    public ConfigException(String field, Object value, String reason) {
        super(field + " = '" + value + "': " + reason);
        this.field = field;
    }

    public ConfigException(String field, Object value, String reason, Throwable cause) {
        this(field, value, reason);
        initCause(cause);
    }

    /** The configuration field, as the user wrote it (a YAML key path or a flag name). */
    public String field() {
        return field;
    }
}
