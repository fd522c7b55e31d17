package org.fleetgen.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One in-process run of the command line, with its exit code and captured output. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldErr = System.err;
        PrintStream capturedErr = new PrintStream(err, true, StandardCharsets.UTF_8);
        System.setErr(capturedErr);
        try {
            int code = Fleetgen.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8), capturedErr);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
        }
    }

    /** The non-empty lines on standard error. */
    long errLines() {
        return err.lines().filter(l -> !l.isBlank()).count();
    }
}
