package org.fleetgen.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.fleetgen.config.ConfigException;
import org.fleetgen.sink.OutputFile;

/**
 * Files a command will write, prepared before anything starts: a path that cannot be written (no such
 * directory, a directory, a block device, no permission, a read-only file system) is bad input and
 * nothing is written; see {@link OutputFile} for how each kind of target is written.
 */
final class OutputPaths {
    private OutputPaths() {
    }

    static OutputFile prepare(String option, Path file) {
        try {
            return OutputFile.prepare(file);
        } catch (IOException e) {
            throw new ConfigException(option, file, reason(e), e);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "cannot create a file there (permission denied)";
        }
        if (e instanceof FileSystemException fse) {
            return "cannot create a file there (" + (fse.getReason() == null ? e.getClass().getSimpleName() : fse.getReason()) + ")";
        }
        return e.getMessage();
    }
}
