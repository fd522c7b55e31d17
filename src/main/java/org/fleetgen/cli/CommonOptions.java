package org.fleetgen.cli;

import picocli.CommandLine.Option;

/** Output options every command shares. */
final class CommonOptions {
    @Option(names = {"-q", "--quiet"}, description = "No progress and no summary on standard error.")
    boolean quiet;

    @Option(names = "--progress", description = "Show progress even when standard error is not a terminal.")
    boolean progress;

    @Option(names = {"-v", "--verbose"}, description = "Print stack traces of failures.")
    boolean verbose;

    @Option(names = "--threads", paramLabel = "N", description = "Generator threads (default: the number of cores).")
    Integer threads;

    int threads() {
        if (threads == null) {
            return Runtime.getRuntime().availableProcessors();
        }
        if (threads < 1 || threads > 256) {
            throw new org.fleetgen.config.ConfigException("--threads", threads, "must be an integer from 1 to 256");
        }
        return threads;
    }
}
