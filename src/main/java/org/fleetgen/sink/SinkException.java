package org.fleetgen.sink;

/** A sink could not write: an I/O or database failure at run time. Keeps its cause. */
public class SinkException extends Exception {
    public SinkException(String message, Throwable cause) {
        super(message, cause);
    }

    public SinkException(String message) {
        super(message);
    }
}
