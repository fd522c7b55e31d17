package org.fleetgen.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.fleetgen.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fleetgen} command and its exit-code policy. */
@Command(name = "fleetgen",
        mixinStandardHelpOptions = true,
        versionProvider = Fleetgen.Version.class,
        description = Fleetgen.DESCRIPTION,
        subcommands = {LoadCommand.class, ExportCommand.class, VerifyCommand.class, QueryCommand.class, ReportCommand.class, RefreshCommand.class,
                GrantReadCommand.class, DbCommand.class, CommandLine.HelpCommand.class})
public final class Fleetgen implements Runnable {
    static final String DESCRIPTION = "Generates synthetic, correlated server-capacity metrics and loads them into PostgreSQL.";
    public static final int OK = 0;
    public static final int RUNTIME_FAILURE = 1;
    public static final int BAD_INPUT = 2;
    /** What a shell reports for a process ended by SIGPIPE (128 + 13): the reader of our output went away. */
    public static final int BROKEN_PIPE = 141;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw noCommand(spec);
    }

    /** Either root, run without a subcommand. */
    static CommandLine.ParameterException noCommand(CommandLine.Model.CommandSpec spec) {
        return new CommandLine.ParameterException(spec.commandLine(), "a command is required (try fleetgen --help)");
    }

    /**
     * The same command with none of its subcommands, for a command line that names one: picocli reads every
     * subcommand's options up front, and the models of the ones not used took about 30 ms of every start, the
     * load's included, before anything else could run (10 runs each of a refused load and of a small export,
     * with the class-data archive: 201-214 ms against 224-254). Everything else (help, the version, a mistyped
     * name) goes through {@link Fleetgen} itself.
     */
    @Command(name = "fleetgen", mixinStandardHelpOptions = true, versionProvider = Fleetgen.Version.class, description = DESCRIPTION)
    static final class Named implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw noCommand(spec);
        }
    }

    /** The subcommand class a command line's first argument names exactly, or null (help's is left to the whole model). */
    static Class<?> named(String[] args) {
        if (args.length == 0) {
            return null;
        }
        for (Class<?> c : Fleetgen.class.getAnnotation(Command.class).subcommands()) {
            Command command = c.getAnnotation(Command.class);
            if (c != CommandLine.HelpCommand.class && command != null && command.name().equals(args[0]) && command.aliases().length == 0) {
                return c;
            }
        }
        return null;
    }

    public static void main(String[] args) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        // Third-party code (Flyway, PgJDBC, jOOQ) formats with the default locale too; fleetgen's own names Locale.ROOT.
        java.util.Locale.setDefault(java.util.Locale.ROOT);
        boolean verbose = Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v");
        Redactor redactor = new Redactor();
        PrintStream err = new RedactingPrintStream(new FileOutputStream(FileDescriptor.err), redactor);
        // Library and JVM messages go through the same mask; without --verbose there are none.
        System.setErr(err);
        System.setOut(err);
        configureLogging(verbose);
        int code = execute(args, new FileOutputStream(FileDescriptor.out), err, redactor);
        err.flush();
        System.exit(code);
    }

    /**
     * PgJDBC logs through java.util.logging and the rest through slf4j-simple, whose default
     * console output would add lines to fleetgen's one-line errors: both are off unless --verbose.
     */
    private static void configureLogging(boolean verbose) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        if (verbose) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
            ConsoleHandler console = new ConsoleHandler();
            console.setLevel(Level.INFO);
            root.addHandler(console);
            root.setLevel(Level.INFO);
        } else {
            root.setLevel(Level.OFF);
        }
    }

    /** Runs the command line with the given streams and returns the exit code; never calls System.exit. */
    public static int execute(String[] args, OutputStream out, PrintStream err) {
        Redactor redactor = new Redactor();
        return execute(args, out, new RedactingPrintStream(err, redactor), redactor);
    }

    private static int execute(String[] args, OutputStream out, PrintStream err, Redactor redactor) {
        return execute(args, out, err, redactor, named(args));
    }

    /** With the whole model ({@code named} null) or the named subcommand's alone: the same behaviour (CommandModelTest). */
    static int execute(String[] args, OutputStream out, PrintStream err, Redactor redactor, Class<?> named) {
        Streams streams = new Streams(out, err, redactor);
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                K made = defaults.create(cls);
                if (made instanceof Streams.User user) {
                    user.use(streams);
                }
                return made;
            }
        };
        CommandLine cl;
        if (named == null) {
            cl = new CommandLine(new Fleetgen(), factory);
        } else {
            cl = new CommandLine(new Named(), factory);
            try {
                // Added before the settings below: picocli applies them to the subcommands present when they are set.
                cl.addSubcommand(args[0], factory.create(named));
            } catch (Exception e) {
                throw new IllegalStateException("cannot create the " + args[0] + " command", e);
            }
        }
        // @file arguments would print a file's contents (a password file, say) inside an error message.
        cl.setExpandAtFiles(false);
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setParameterExceptionHandler((ex, a) -> {
            cl.getErr().println("fleetgen: " + oneLine(ex.getMessage()));
            cl.getErr().flush();
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean verbose = false;
            for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
                verbose |= r.hasMatchedOption("--verbose");  // at any depth: fleetgen db start --verbose
            }
            PrintWriter e = commandLine.getErr();
            if (Failures.isBrokenPipe(ex)) {
                e.flush();
                return BROKEN_PIPE;  // the reader went away (| head): quietly, as a SIGPIPE would end a C program
            }
            e.println("fleetgen: " + Failures.describe(ex));
            if (verbose) {
                ex.printStackTrace(e);
            }
            e.flush();
            return Failures.isBadInput(ex) ? BAD_INPUT : RUNTIME_FAILURE;
        });
        int code = cl.execute(args);
        err.flush();
        return code;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
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

        static boolean isBrokenPipe(Throwable ex) {
            for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
                // A broken pipe under a database error is the server's socket (a backend terminated mid-COPY), a
                // runtime failure; only one on the output is the reader going away.
                if (t instanceof java.sql.SQLException) {
                    return false;
                }
                // The JDK reports EPIPE only through the message of an IOException.
                if (t instanceof IOException && t.getMessage() != null && t.getMessage().contains("Broken pipe")) {
                    return true;
                }
            }
            return false;
        }

        static String describe(Throwable ex) {
            if (ex instanceof ConfigException ce) {
                return oneLine("invalid " + FlagNames.rename(ce).getMessage());
            }
            if (ex instanceof OutOfMemoryError) {
                return "out of memory (" + oneLine(ex.getMessage()) + "); please report this: fleetgen streams its data and should not need more";
            }
            String message = ex.getMessage();
            if (message == null || message.isBlank()) {
                message = ex.getClass().getSimpleName();
            }
            Throwable root = ex;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            message = oneLine(message);
            String rootMessage = root.getMessage() == null ? null : oneLine(root.getMessage());
            if (root != ex && rootMessage != null && !message.contains(rootMessage)) {
                message += ": " + rootMessage;
            }
            return message;
        }
    }
}
