package org.fleetgen.sink.copy;

import org.fleetgen.postgres.MetricsPartitions;
import org.fleetgen.sink.DatabaseSinkContract;
import org.fleetgen.sink.SampleSink;

/** The sink contract with partitions created as partitions of server_metrics (the layout a Citus load uses), on plain PostgreSQL. */
class CopySinkPartitionOfIT extends DatabaseSinkContract {
    @Override
    protected SampleSink<?> open() throws Exception {
        return new CopySink(sinkConnection(), MetricsPartitions.Layout.PARTITION_OF);
    }
}
