package org.fleetgen.config;

/**
 * A configuration value that fleetgen cannot accept: the field, the value as shown to the user, and the
 * reason. Below the command line a field is a concept ({@code servers}, {@code chunk_rows},
 * {@code archetypes.web.base_cpu}); the command line renames it to what the user wrote (a flag or a YAML
 * key) with {@link #as(String)}.
 */
public class ConfigException extends IllegalArgumentException {
    private final String field;
    private final String value;
    private final String reason;
    private boolean renamed;

    public ConfigException(String field, Object value, String reason) {
        super(field + " = '" + value + "': " + reason);
        this.field = field;
        this.value = String.valueOf(value);
        this.reason = reason;
    }

    public ConfigException(String field, Object value, String reason, Throwable cause) {
        this(field, value, reason);
        initCause(cause);
    }

    /** The field: a concept below the command line, what the user wrote once the command line has renamed it. */
    public String field() {
        return field;
    }

    public String value() {
        return value;
    }

    public String reason() {
        return reason;
    }

    /** The same failure under another field name, keeping the cause. */
    public ConfigException as(String newField) {
        ConfigException out = new ConfigException(newField, value, reason);
        out.initCause(getCause() == null ? this : getCause());
        out.setStackTrace(getStackTrace());
        out.renamed = true;
        return out;
    }

    /** True once {@link #as} has given the field the user's name. */
    public boolean renamed() {
        return renamed;
    }
}
