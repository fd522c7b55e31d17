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
}
