package org.fleetgen.sink.sql;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Locale;
import org.fleetgen.postgres.MetricDayRows;
import org.fleetgen.postgres.MetricsPartitions;
import org.fleetgen.sample.Chunk;
import org.fleetgen.sample.Metric;
import org.fleetgen.sample.Partition;
import org.fleetgen.sample.SampleBlock;
import org.fleetgen.sample.TimeGrid;
import org.fleetgen.sink.ChunkRollup;
import org.fleetgen.sink.SampleSink;
import org.fleetgen.sink.SinkException;
import org.fleetgen.sink.TextOutput;

/**
 * The body of a seed script: per partition, the statements a load runs ({@link MetricsPartitions}: create
 * the partition's table, then per chunk its rows as a {@code COPY ... FROM stdin} block in text format, its
 * days' rollups as a {@code COPY metric_day} block and its ledger row, then key and attach the table),
 * between a preamble (schema, tables, reference rows) and an epilogue (the views' answers) that the
 * caller supplies. Doubles are written as Java's shortest round-trip text, which PostgreSQL reads back to
 * the same bits; timestamps in UTC.
 */
public final class SqlSeedSink implements SampleSink<byte[]> {
    private static final String METRIC_COLUMNS = "ts, server_key, " + String.join(", ", Metric.columns());

    private final TextOutput out;
    private final String epilogue;
    private ChunkRollup rollup;
    private String table;

    public SqlSeedSink(TextOutput out, String preamble, String epilogue) throws SinkException {
        this.out = out;
        this.epilogue = epilogue;
        try {
            out.write(preamble.getBytes(StandardCharsets.UTF_8));
        } catch (SinkException e) {
            out.close();
            throw e;
        }
    }

    @Override
    public byte[] encode(SampleBlock block) {
        TimeGrid grid = block.grid();
        StringBuilder sb = new StringBuilder(block.size() * 90);
        int server = block.server().index();
        for (int r = 0; r < block.size(); r++) {
            int stamp = block.stamp(r);
            sb.append(grid.timestamp(stamp).toLocalDate()).append(' ');
            int hour = grid.hourOf(stamp);
            sb.append(hour < 10 ? "0" : "").append(hour).append(":00:00+00\t").append(server);
            for (Metric m : Metric.ALL) {
                sb.append('\t').append(block.value(m, r));
            }
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void begin(Partition partition) throws SinkException {
        table = MetricsPartitions.name(partition);
        out.write((MetricsPartitions.create(partition) + ";\n").getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void begin(Chunk chunk) throws SinkException {
        if (table == null) {
            throw new IllegalStateException("chunk " + chunk.number() + " begun outside a partition");
        }
        rollup = new ChunkRollup(chunk);
        // FREEZE: the script's one transaction created the table.
        out.write(("COPY " + table + " (" + METRIC_COLUMNS + ") FROM stdin WITH (FREEZE);\n").getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void write(SampleBlock block, byte[] encoded) throws SinkException {
        out.write(encoded);
        rollup.add(block);
    }

    @Override
    public void end(Chunk chunk) throws SinkException {
        StringBuilder sb = new StringBuilder("\\.\nCOPY metric_day (server_key, day, chunk_no, stamps, encoded) FROM stdin;\n");
        HexFormat hex = HexFormat.of();
        for (MetricDayRows.Row d : rollup.days()) {
            LocalDate day = d.day();
            sb.append(d.serverKey()).append('\t').append(day).append('\t').append(d.chunkNo()).append('\t').append(d.stamps())
                    .append("\t\\\\x").append(hex.formatHex(d.encoded())).append('\n');
        }
        sb.append("\\.\n").append(String.format(Locale.ROOT,
                "INSERT INTO load_ledger VALUES (%d, %d, %d, %d, %d, 'sql', now());%n",
                chunk.number(), chunk.serverIndex(), chunk.fromStamp(), chunk.toStamp(), chunk.rows()));
        out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void commit(Partition partition) throws SinkException {
        StringBuilder sb = new StringBuilder();
        for (String sql : MetricsPartitions.keyAndAttach(partition)) {
            sb.append(sql).append(";\n");
        }
        out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
        table = null;
    }

    @Override
    public void finish() throws SinkException {
        out.write(epilogue.getBytes(StandardCharsets.UTF_8));
        out.finish();
    }

    @Override
    public void close() {
        out.close();
    }
}
