package org.fleetgen.sample;

import java.util.List;

/**
 * The unit a database commits: the chunks of whole servers, keys {@code [fromServer, toServer)}, in plan
 * order. A load writes a partition in one transaction, into a table of its own that it keys and attaches
 * to {@code server_metrics} before the commit, so the partition is there whole, keyed, or not at all.
 *
 * @param extension rows of a dataset extended to a later end, added to the table partition {@code number} got
 *                  when the dataset was first loaded (still one transaction, now into a keyed table)
 */
public record Partition(int number, int fromServer, int toServer, List<Chunk> chunks, boolean extension) {
    public Partition(int number, int fromServer, int toServer, List<Chunk> chunks) {
        this(number, fromServer, toServer, chunks, false);
    }

    public Partition {
        chunks = List.copyOf(chunks);
        if (number < 0 || fromServer < 0 || toServer <= fromServer || chunks.isEmpty()) {
            throw new IllegalArgumentException("bad partition " + number + ": servers [" + fromServer + ", " + toServer + ")");
        }
        for (Chunk c : chunks) {
            if (c.serverIndex() < fromServer || c.serverIndex() >= toServer) {
                throw new IllegalArgumentException("chunk " + c.number() + " of server " + c.serverIndex() + " lies outside partition " + number);
            }
        }
    }

    public long rows() {
        long n = 0;
        for (Chunk c : chunks) {
            n += c.rows();
        }
        return n;
    }
}
