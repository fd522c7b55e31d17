package org.fleetgen.sink.csv;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPOutputStream;
import org.fleetgen.sample.SampleBlock;
import org.fleetgen.sample.Chunk;
import org.fleetgen.sink.SampleSink;
import org.fleetgen.sink.SinkException;

/**
 * Writes the CSV to a file, gzip-compressed when the name ends in {@code .gz}, or to a stream.
 *
 * <p>A file is written under a temporary name in the same directory and renamed into place by
 * {@link #finish()}, so an interrupted export never leaves a partial file at the target path. The
 * temporary file is deleted on {@link #close()} without finish and at JVM exit (Ctrl-C); only a kill
 * -9 can leave one behind, under a hidden {@code .name.*.tmp} name.
 */
public final class CsvFileSink implements SampleSink<byte[]> {
    private static final int BUFFER = 1 << 20;
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final CsvLayout layout;
    private final Path target;
    private final Path temp;
    private final OutputStream out;
    private boolean committed;

    private CsvFileSink(CsvLayout layout, Path target, Path temp, OutputStream out) throws SinkException {
        this.layout = layout;
        this.target = target;
        this.temp = temp;
        this.out = out;
        try {
            out.write(layout.header());
        } catch (IOException e) {
            close();
            throw new SinkException("cannot write " + describe(), e);
        }
    }

    /** A sink that writes {@code target} (gzip if it ends in .gz) through a temporary file. */
    public static CsvFileSink toFile(CsvLayout layout, Path target) throws SinkException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = null;
        try {
            // Not Files.createTempFile: that makes the file 0600, and the rename would keep it so.
            temp = Files.createFile(dir.resolve("." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp"));
            temp.toFile().deleteOnExit();
            OutputStream os = Files.newOutputStream(temp);
            if (target.getFileName().toString().endsWith(".gz")) {
                os = new GZIPOutputStream(os, BUFFER);
            }
            return new CsvFileSink(layout, target, temp, new BufferedOutputStream(os, BUFFER));
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new SinkException("cannot create " + target + ": " + e.getMessage(), e);
        }
    }

    /** A sink that writes to an already open stream (standard output); it is flushed, not closed. */
    public static CsvFileSink toStream(CsvLayout layout, OutputStream stream) throws SinkException {
        return new CsvFileSink(layout, null, null, new BufferedOutputStream(stream, BUFFER));
    }

    @Override
    public byte[] encode(SampleBlock block) {
        return layout.encode(block);
    }

    @Override
    public void begin(Chunk chunk) {
        // Chunks only structure database loads; a file is made visible once, by finish().
    }

    @Override
    public void write(SampleBlock block, byte[] encoded) throws SinkException {
        try {
            out.write(encoded);
        } catch (IOException e) {
            throw new SinkException("cannot write " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void commit(Chunk chunk) {
        // See begin(): nothing becomes visible per chunk.
    }

    @Override
    public void finish() throws SinkException {
        try {
            if (temp == null) {
                out.flush();
            } else {
                out.close();
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            committed = true;
        } catch (IOException e) {
            throw new SinkException("cannot write " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (temp != null && !committed) {
            try {
                out.close();
            } catch (IOException ignored) {
                // The file is being discarded; a failure to close it changes nothing.
            }
            deleteQuietly(temp);
        }
    }

    private String describe() {
        return target == null ? "standard output" : target.toString();
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // Best effort: a leftover hidden .tmp file is harmless.
            }
        }
    }
}
