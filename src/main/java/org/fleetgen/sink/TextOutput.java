package org.fleetgen.sink;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;

/**
 * Where a file sink's bytes go: a prepared {@link OutputFile} (gzip when its name ends in .gz), renamed
 * into place only by {@link #finish()}, or an open stream such as standard output, flushed and never
 * closed. Write errors end the run with the target named.
 */
public final class TextOutput implements AutoCloseable {
    private static final int BUFFER = 1 << 20;

    private final OutputFile file;
    private final OutputStream out;
    private boolean committed;

    private TextOutput(OutputFile file, OutputStream out) {
        this.file = file;
        this.out = out;
    }

    /** The prepared file, its stream passed through {@code decorate} first (tests break it there). */
    public static TextOutput toFile(OutputFile file, UnaryOperator<OutputStream> decorate) throws SinkException {
        try {
            OutputStream os = decorate.apply(file.stream());
            if (file.target().getFileName().toString().endsWith(".gz")) {
                os = new GZIPOutputStream(os, BUFFER);
            }
            return new TextOutput(file, new BufferedOutputStream(os, BUFFER));
        } catch (IOException e) {
            file.close();
            throw new SinkException("cannot create " + file.target() + ": " + e.getMessage(), e);
        }
    }

    /** An open stream that reports write errors (not a PrintStream); it is flushed, not closed. */
    public static TextOutput toStream(OutputStream stream) {
        return new TextOutput(null, new BufferedOutputStream(stream, BUFFER));
    }

    public void write(byte[] bytes) throws SinkException {
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new SinkException("cannot write " + describe() + ": " + e.getMessage(), e);
        }
    }

    /** Ends the output: a file is completed and renamed into place, a stream flushed. */
    public void finish() throws SinkException {
        try {
            if (file == null) {
                out.flush();
            } else {
                out.close();
                file.commit();
            }
            committed = true;
        } catch (IOException e) {
            throw new SinkException("cannot write " + describe() + ": " + e.getMessage(), e);
        }
    }

    /** Discards an unfinished file (its temporary name is removed); a stream is left open. */
    @Override
    public void close() {
        if (file != null && !committed) {
            file.close();
        }
    }

    public String describe() {
        return file == null ? "standard output" : file.target().toString();
    }
}
