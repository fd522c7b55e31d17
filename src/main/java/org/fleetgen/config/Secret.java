package org.fleetgen.config;

/** A password. Its {@link #toString()} never shows it, so it cannot leak into a message or a log line. */
public final class Secret {
    private final String value;

    public Secret(String value) {
        this.value = value == null ? "" : value;
    }

    /** The password itself, for the driver only. */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return "********";
    }
}
