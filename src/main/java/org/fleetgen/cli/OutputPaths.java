package org.fleetgen.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fleetgen.config.ConfigException;

/** Checks on files a command will write, made before anything starts, so bad paths write nothing. */
final class OutputPaths {
    private OutputPaths() {
    }

    /** The file's directory must exist, and the file must not be a directory. */
    static Path requireWritableLocation(String option, Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new ConfigException(option, file, "directory " + dir + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new ConfigException(option, file, "is a directory");
        }
        return file;
    }
}
