package org.fleetgen.postgres;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the fields of PostgreSQL's binary COPY format (big-endian) from a stream through a plain buffer.
 * DataInputStream over BufferedInputStream takes a lock for every byte; at millions of rows that lock
 * cost more than the work done with the data.
 */
final class BinaryCopyReader implements AutoCloseable {
    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;

    BinaryCopyReader(InputStream in) throws IOException {
        this.in = in;
        skip(11);          // signature
        readInt();         // flags
        skip(readInt());   // header extension
    }

    /** The next row's field count, or -1 at the trailer or the end of the stream. */
    short nextRow() throws IOException {
        if (!fill(2)) {
            return -1;
        }
        return readShort();
    }

    private boolean fill(int n) throws IOException {
        if (limit - pos >= n) {
            return true;
        }
        System.arraycopy(buf, pos, buf, 0, limit - pos);
        limit -= pos;
        pos = 0;
        while (limit < n) {
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                return false;
            }
            limit += r;
        }
        return true;
    }

    private void require(int n) throws IOException {
        if (!fill(n)) {
            throw new EOFException("binary COPY data ends inside a row");
        }
    }

    short readShort() throws IOException {
        require(2);
        short v = (short) (((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff));
        pos += 2;
        return v;
    }

    int readInt() throws IOException {
        require(4);
        int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    long readLong() throws IOException {
        return ((long) readInt() << 32) | (readInt() & 0xffffffffL);
    }

    double readDouble() throws IOException {
        return Double.longBitsToDouble(readLong());
    }

    byte[] readBytes(int n) throws IOException {
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            if (pos == limit && !fill(1)) {
                throw new EOFException("binary COPY data ends inside a field");
            }
            int take = Math.min(n - done, limit - pos);
            System.arraycopy(buf, pos, out, done, take);
            pos += take;
            done += take;
        }
        return out;
    }

    void skip(int n) throws IOException {
        readBytes(n);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
