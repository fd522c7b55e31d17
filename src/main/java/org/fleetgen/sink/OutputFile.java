package org.fleetgen.sink;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * A file written at the user's request, without harming what is there:
 * <ul>
 *   <li>a regular file (new, or replacing one) is written under a temporary name beside it and renamed
 *       into place by {@link #commit()}, so an interrupted run leaves the old file or none, never half
 *       of one. A symbolic link is followed: the file it points to is replaced, the link stays;</li>
 *   <li>a FIFO or character device ({@code /dev/null}, {@code /dev/stdout}, a named pipe) is written in
 *       place, never renamed over;</li>
 *   <li>a directory, block device, socket or dangling link is refused by {@link #check}.</li>
 * </ul>
 * The temporary name has a fixed length, so any name the file system takes for the target works.
 */
public final class OutputFile implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFSOCK = 0140000;

    /** How a target is written. */
    public enum Kind { REPLACE, IN_PLACE }

    private final Path target;
    private final Path temp;
    private OutputStream out;
    private boolean committed;

    private OutputFile(Path target, Path temp) {
        this.target = target;
        this.temp = temp;
    }

    /**
     * How {@code target} would be written, or an {@link IOException} whose message says why it cannot be
     * (it names no path: the caller does).
     */
    public static Kind check(Path target) throws IOException {
        if (!Files.exists(target)) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("is a symbolic link to a file that does not exist");
            }
            Path dir = target.toAbsolutePath().getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                throw new IOException("directory " + dir + " does not exist");
            }
            return Kind.REPLACE;
        }
        int type = fileType(target);
        return switch (type) {
            case S_IFREG -> Kind.REPLACE;
            case S_IFIFO, S_IFCHR -> Kind.IN_PLACE;
            case S_IFDIR -> throw new IOException("is a directory");
            case S_IFBLK -> throw new IOException("is a block device; fleetgen writes regular files, FIFOs and character devices only");
            case S_IFSOCK -> throw new IOException("is a socket");
            default -> throw new IOException("is not a regular file");
        };
    }

    private static int fileType(Path p) throws IOException {
        try {
            return ((Integer) Files.getAttribute(p, "unix:mode")) & S_IFMT;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            if (Files.isRegularFile(p)) {
                return S_IFREG;
            }
            return Files.isDirectory(p) ? S_IFDIR : 0;
        }
    }

    /**
     * Prepares the target: for a regular file the temporary file is created now, which proves the
     * directory writable before any work starts; a special file is opened at the first write (opening
     * a FIFO waits for its reader).
     */
    public static OutputFile prepare(Path target) throws IOException {
        if (check(target) == Kind.IN_PLACE) {
            return new OutputFile(target, null);
        }
        Path real = Files.exists(target) ? target.toRealPath() : target.toAbsolutePath();
        Path temp = real.getParent().resolve(".fleetgen-" + Long.toHexString(RANDOM.nextLong() | Long.MIN_VALUE) + ".tmp");
        Files.createFile(temp);
        temp.toFile().deleteOnExit();
        if (Files.exists(real)) {
            try {
                Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(real));
            } catch (UnsupportedOperationException | IOException e) {
                // Permissions stay the directory's default: nothing to keep on this file system.
            }
        }
        return new OutputFile(real, temp);
    }

    /** Bytes the file system of a regular target can still take, or -1 when unknown (a device, a pipe). */
    public long usableSpace() {
        if (temp == null) {
            return -1;
        }
        try {
            FileStore store = Files.getFileStore(temp);
            return store.getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    public Path target() {
        return target;
    }

    /** The stream to write; closing it does not commit. */
    public OutputStream stream() throws IOException {
        if (out == null) {
            out = temp != null ? Files.newOutputStream(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)
                    : Files.newOutputStream(target, StandardOpenOption.WRITE);
        }
        return out;
    }

    /** Closes the stream and makes the file visible under its name. */
    public void commit() throws IOException {
        stream().close();
        if (temp != null) {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        committed = true;
    }

    /** Without a commit: closes the stream and deletes the temporary file; the target is untouched. */
    @Override
    public void close() {
        if (committed) {
            return;
        }
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException ignored) {
            // Discarding: a failure to close changes nothing.
        }
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // Best effort: a leftover hidden .tmp file is harmless.
            }
        }
    }

    /** Writes small text (a JSON summary) and commits it. */
    public void writeAndCommit(String text) throws IOException {
        stream().write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        commit();
    }
}
