package org.fleetgen.sink.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.fleetgen.sink.DatabaseSinkContract;
import org.fleetgen.sink.SampleSink;
import org.fleetgen.testing.Datasets;
import org.junit.jupiter.api.Test;

class CopySinkIT extends DatabaseSinkContract {
    @Override
    protected SampleSink<?> open() throws Exception {
        return new CopySink(sinkConnection());
    }

    @Test
    void ledgerRowsCommitWithTheirPartition() throws Exception {
        try (SampleSink<?> sink = open()) {
            writeAll(sink, simulator, partitions(), false);
        }
        assertEquals(partitions().get(0).chunks().size(), Datasets.scalar(db, "SELECT count(*) FROM " + schema + ".load_ledger"));
        assertEquals(Datasets.scalar(db, "SELECT sum(row_count) FROM " + schema + ".load_ledger"),
                Datasets.scalar(db, "SELECT count(*) FROM " + schema + ".server_metrics"));
    }
}
