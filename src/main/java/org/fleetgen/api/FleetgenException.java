package org.fleetgen.api;

/**
 * A load, verification or connection that failed at run time: one line saying what and why, the cause
 * kept. Bad parameters are {@link IllegalArgumentException}s instead, raised before anything is written.
 */
public class FleetgenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FleetgenException(String message, Throwable cause) {
        super(message, cause);
    }
}
