package org.fleetgen.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** fleetgen as a real operating-system process (the packaged jar), so tests can kill it for real. */
public final class FleetgenProcess {
    private FleetgenProcess() {
    }

    public static Path jar() {
        String env = System.getenv("FLEETGEN_JAR");
        Path jar = (env != null ? Path.of(env) : cliJar()).toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException("no " + jar + ": run mvn package (failsafe runs after it)");
        }
        return jar;
    }

    /** The build's runnable jar, target/fleetgen-VERSION-cli.jar. */
    private static Path cliJar() {
        try (java.util.stream.Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(f -> f.getFileName().toString().matches("fleetgen-.*-cli\\.jar")).findFirst()
                    .orElse(Path.of("target", "fleetgen-cli.jar"));
        } catch (IOException e) {
            return Path.of("target", "fleetgen-cli.jar");
        }
    }

    /** Starts {@code fleetgen args...}; its output goes to {@code log}. */
    public static Process start(Path log, List<String> args) throws IOException {
        return start(log, args, java.util.Map.of(), null);
    }

    /** The same, with extra environment variables and a working directory (null: this one). */
    public static Process start(Path log, List<String> args, java.util.Map<String, String> env, Path workingDirectory) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-jar", jar().toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("FLEETGEN_DB_URL");
        pb.environment().remove("PGPASSWORD");
        pb.environment().putAll(env);
        if (workingDirectory != null) {
            pb.directory(workingDirectory.toFile());
        }
        return pb
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
    }
}
