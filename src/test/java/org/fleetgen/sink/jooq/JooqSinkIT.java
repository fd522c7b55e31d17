package org.fleetgen.sink.jooq;

import org.fleetgen.sink.DatabaseSinkContract;
import org.fleetgen.sink.SampleSink;

class JooqSinkIT extends DatabaseSinkContract {
    @Override
    protected SampleSink<?> open() throws Exception {
        return new JooqSink(sinkConnection());
    }
}
