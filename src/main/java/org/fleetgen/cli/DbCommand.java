package org.fleetgen.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fleetgen.postgres.EmbeddedServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fleetgen db start|stop|status}: the embedded PostgreSQL, kept running for psql and BI tools. */
@Command(name = "db", mixinStandardHelpOptions = true,
        description = "Starts, stops or reports the embedded PostgreSQL server.",
        subcommands = {DbCommand.Start.class, DbCommand.Stop.class, DbCommand.Status.class})
final class DbCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say start, stop or status");
    }

    abstract static class ServerCommand implements Callable<Integer> {
        @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "fleetgen-data", description = "Home of the embedded server (default ./fleetgen-data).")
        Path dataDir;

        @Option(names = {"-v", "--verbose"}, description = "Print stack traces of failures.")
        boolean verbose;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        static void describe(java.io.PrintWriter out, EmbeddedServer.Endpoint e) {
            out.println("url:      " + e.jdbcUrl());
            out.println("user:     " + EmbeddedServer.USER);
            out.println("password: in " + e.passwordFile() + " (readable by its owner only)");
            out.println("psql:     " + e.psqlCommand());
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Starts the server (installing it on first use) and leaves it running.")
    static final class Start extends ServerCommand {
        @Override
        public Integer call() throws Exception {
            EmbeddedServer server = new EmbeddedServer(dataDir);
            EmbeddedServer.Endpoint e = server.start();
            java.io.PrintWriter out = spec.commandLine().getOut();
            out.println("embedded PostgreSQL is running (data in " + server.home() + ")");
            describe(out, e);
            return Fleetgen.OK;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stops the server.")
    static final class Stop extends ServerCommand {
        @Override
        public Integer call() throws Exception {
            EmbeddedServer server = new EmbeddedServer(dataDir);
            spec.commandLine().getOut().println(server.stop() ? "embedded PostgreSQL stopped" : "embedded PostgreSQL was not running");
            return Fleetgen.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Says whether the server runs, and how to connect. Exit code 3 when it is stopped.")
    static final class Status extends ServerCommand {
        @Override
        public Integer call() throws Exception {
            EmbeddedServer server = new EmbeddedServer(dataDir);
            EmbeddedServer.Endpoint e = server.endpoint();
            java.io.PrintWriter out = spec.commandLine().getOut();
            if (e == null) {
                server.anomaly().ifPresent(a -> out.println("warning:  " + a));
                out.println("embedded PostgreSQL is not running" + (server.initialised() ? " (data in " + server.home() + ")" : " (not installed yet)"));
                return 3;
            }
            out.println("embedded PostgreSQL is running (data in " + server.home() + ")");
            server.anomaly().ifPresent(a -> out.println("warning:  " + a));
            describe(out, e);
            return Fleetgen.OK;
        }
    }
}
