package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.sql.SQLException;
import java.util.stream.Stream;
import org.fleetgen.sink.SinkException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Exit 141 is for the reader of the output going away, never for the database's socket breaking. */
class FailuresTest {
    static Stream<Arguments> failures() {
        IOException pipe = new IOException("Broken pipe");
        return Stream.of(
                Arguments.of("stdout closed", pipe, true),
                Arguments.of("stdout closed, under a sink failure", new SinkException("cannot write the CSV: Broken pipe", pipe), true),
                Arguments.of("stdout closed, deeper", new RuntimeException(new SinkException("write", new IOException("Broken pipe (Write failed)"))), true),
                Arguments.of("a backend terminated mid-COPY", new SinkException("COPY failed: I/O error",
                        new SQLException("An I/O error occurred while sending to the backend.", "08006", new IOException("Broken pipe"))), false),
                Arguments.of("the database's socket, bare", new SQLException("I/O error", new IOException("Broken pipe")), false),
                Arguments.of("another I/O error", new IOException("Connection reset"), false),
                Arguments.of("no cause at all", new IllegalStateException("boom"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void onlyABrokenOutputIsABrokenPipe(String what, Throwable failure, boolean brokenPipe) {
        assertEquals(brokenPipe, Fleetgen.Failures.isBrokenPipe(failure), what);
    }

    static Stream<Arguments> messages() {
        return Stream.of(
                Arguments.of(new SinkException("cannot write chunk 32", new SQLException("An I/O error occurred while sending to the backend.",
                        "08006", new IOException("Broken pipe"))), "the connection to the database broke (Broken pipe)"),
                Arguments.of(new SQLException("I/O error", new java.net.SocketException("Connection reset")),
                        "the connection to the database broke (Connection reset)"),
                Arguments.of(new SinkException("COPY failed", new SQLException("FATAL: terminating connection due to administrator command")),
                        "FATAL: terminating connection due to administrator command"),
                Arguments.of(new SinkException("cannot write the CSV", new IOException("Broken pipe")), "Broken pipe"),
                Arguments.of(new IllegalStateException(), "IllegalStateException"));
    }

    /** The one line a runtime failure prints names the database connection when that is what broke. */
    @ParameterizedTest
    @MethodSource("messages")
    void aBrokenDatabaseConnectionIsNamedAsOne(Throwable failure, String message) {
        assertEquals(message, org.fleetgen.postgres.ConnectionPool.rootMessage(failure));
    }
}
