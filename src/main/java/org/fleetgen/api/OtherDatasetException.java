package org.fleetgen.api;

/** The schema holds another dataset: load with {@link LoadOptions#withReplace(boolean)} to overwrite it, or into another schema. */
public class OtherDatasetException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String schema;
    private final String reason;

    public OtherDatasetException(String schema, String reason, Throwable cause) {
        super("schema " + schema + ": " + reason + "; load with LoadOptions.withReplace(true) to overwrite it, or into another schema", cause);
        this.schema = schema;
        this.reason = reason;
    }

    public String schema() {
        return schema;
    }

    /** What is there instead, e.g. "already holds another dataset (model=reference; servers=5; ...)". */
    public String reason() {
        return reason;
    }
}
