package org.fleetgen.postgres;

/** A database failure at run time, with a one-line message fit for the user. Keeps its cause. */
public class DatabaseException extends Exception {
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }

    public DatabaseException(String message) {
        super(message);
    }
}
