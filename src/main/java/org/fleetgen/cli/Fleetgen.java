package org.fleetgen.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.fleetgen.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fleetgen} command and its exit-code policy. */
@Command(name = "fleetgen",
        mixinStandardHelpOptions = true,
        versionProvider = Fleetgen.Version.class,
        description = "Generates synthetic, correlated server-capacity metrics and loads them into PostgreSQL.",
        subcommands = {LoadCommand.class, ExportCommand.class, VerifyCommand.class, QueryCommand.class, RefreshCommand.class,
                GrantReadCommand.class, DbCommand.class, CommandLine.HelpCommand.class})
public final class Fleetgen implements Runnable {
    public static final int OK = 0;
    public static final int RUNTIME_FAILURE = 1;
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (try fleetgen --help)");
    }

    public static void main(String[] args) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        if (java.util.Arrays.asList(args).contains("--verbose") || java.util.Arrays.asList(args).contains("-v")) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        }
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs the command line with the given streams and returns the exit code; never calls System.exit. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new Fleetgen());
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setParameterExceptionHandler((ex, a) -> {
            cl.getErr().println("fleetgen: " + ex.getMessage());
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean verbose = false;
            for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
                verbose |= r.hasMatchedOption("--verbose");  // at any depth: fleetgen db start --verbose
            }
            PrintWriter e = commandLine.getErr();
            e.println("fleetgen: " + Failures.describe(ex).replace('\n', ' '));
            if (verbose) {
                ex.printStackTrace(e);
            }
            e.flush();
            return Failures.isBadInput(ex) ? BAD_INPUT : RUNTIME_FAILURE;
        });
        return cl.execute(args);
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"fleetgen " + version()};
        }
    }

    public static String version() {
        String v = Fleetgen.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Maps exceptions to one line and an exit code. */
    static final class Failures {
        private Failures() {
        }

        static boolean isBadInput(Throwable ex) {
            return ex instanceof ConfigException;
        }

        static String describe(Throwable ex) {
            if (ex instanceof ConfigException) {
                return "invalid " + ex.getMessage();
            }
            String message = ex.getMessage();
            if (message == null || message.isBlank()) {
                message = ex.getClass().getSimpleName();
            }
            Throwable root = ex;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            message = message.replaceAll("\\s+", " ").trim();
            String rootMessage = root.getMessage() == null ? null : root.getMessage().replaceAll("\\s+", " ").trim();
            if (root != ex && rootMessage != null && !message.contains(rootMessage)) {
                message += ": " + rootMessage;
            }
            return message;
        }
    }
}
