package org.fleetgen.sink.csv;

import java.io.OutputStream;
import java.util.function.UnaryOperator;
import org.fleetgen.sample.SampleBlock;
import org.fleetgen.sample.Chunk;
import org.fleetgen.sink.OutputFile;
import org.fleetgen.sink.TextOutput;
import org.fleetgen.sink.SampleSink;
import org.fleetgen.sink.SinkException;

/**
 * Writes the CSV to a file, gzip-compressed when the name ends in {@code .gz}, or to a stream.
 *
 * <p>A file is written through an {@link OutputFile}: a regular file under a temporary name renamed
 * into place by {@link #finish()} (an interrupted export never leaves a partial file at the target
 * path), a FIFO or device in place. The temporary file is deleted on {@link #close()} without finish
 * and at JVM exit (Ctrl-C); only a kill -9 can leave one behind, under a hidden {@code .fleetgen-*.tmp}
 * name.
 */
public final class CsvFileSink implements SampleSink<byte[]> {
    private final CsvLayout layout;
    private final TextOutput out;

    private CsvFileSink(CsvLayout layout, TextOutput out, boolean header) throws SinkException {
        this.layout = layout;
        this.out = out;
        try {
            if (header) {
                out.write(layout.header());
            }
        } catch (SinkException e) {
            close();
            throw e;
        }
    }

    /** A sink that writes to the given output. */
    public static CsvFileSink to(CsvLayout layout, TextOutput out) throws SinkException {
        return new CsvFileSink(layout, out, true);
    }

    /** A sink that writes to the given output, with or without the header line (a later shard of an export goes without). */
    public static CsvFileSink to(CsvLayout layout, TextOutput out, boolean header) throws SinkException {
        return new CsvFileSink(layout, out, header);
    }

    /** A sink that writes the prepared file (gzip if its name ends in .gz). */
    public static CsvFileSink toFile(CsvLayout layout, OutputFile file) throws SinkException {
        return toFile(layout, file, UnaryOperator.identity());
    }

    /** As {@link #toFile(CsvLayout, OutputFile)}, with the file's stream passed through {@code decorate} (tests break it there). */
    static CsvFileSink toFile(CsvLayout layout, OutputFile file, UnaryOperator<OutputStream> decorate) throws SinkException {
        return new CsvFileSink(layout, TextOutput.toFile(file, decorate), true);
    }

    /**
     * A sink that writes to an already open stream (standard output); it is flushed, not closed. The
     * stream must report write errors (not a PrintStream), so a full disk or a closed pipe ends the run.
     */
    public static CsvFileSink toStream(CsvLayout layout, OutputStream stream) throws SinkException {
        return new CsvFileSink(layout, TextOutput.toStream(stream), true);
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
        out.write(encoded);
    }

    @Override
    public void end(Chunk chunk) {
        // See begin(): nothing becomes visible per chunk.
    }

    @Override
    public void finish() throws SinkException {
        out.finish();
    }

    @Override
    public void close() {
        out.close();
    }
}
