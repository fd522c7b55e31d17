package org.fleetgen.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Standard error with secrets masked: bytes are held until a line ends (or a progress line is drawn
 * with a carriage return, or the stream is flushed), then written through the {@link Redactor}. Installed
 * as System.err too, so library and JVM messages (shown with --verbose) pass through the same mask.
 */
final class RedactingPrintStream extends PrintStream {
    RedactingPrintStream(OutputStream target, Redactor redactor) {
        super(new LineMask(target, redactor), true, StandardCharsets.UTF_8);
    }

    private static final class LineMask extends OutputStream {
        private final OutputStream target;
        private final Redactor redactor;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineMask(OutputStream target, Redactor redactor) {
            this.target = target;
            this.redactor = redactor;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            line.write(b);
            if (b == '\n' || b == '\r') {
                emit();
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            emit();
            target.flush();
        }

        @Override
        public synchronized void close() throws IOException {
            flush();
        }

        private void emit() throws IOException {
            if (line.size() == 0) {
                return;
            }
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            target.write(redactor.apply(text).getBytes(StandardCharsets.UTF_8));
        }
    }
}
