package org.fleetgen.cli;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The streams one command line writes to. {@code out} carries data (export -, query) and reports its
 * write errors, unlike a PrintStream, so a full disk or a closed pipe is noticed; {@code err} carries
 * messages and masks every secret the {@code redactor} knows. Commands receive it from {@link Fleetgen}
 * and never touch System.out or System.err, so in-process runs can go on side by side.
 */
record Streams(OutputStream out, PrintStream err, Redactor redactor) {
    /** Implemented by commands and mixins that write or learn secrets; {@link Fleetgen} hands them their streams. */
    interface User {
        void use(Streams streams);
    }
}
