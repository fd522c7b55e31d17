package org.fleetgen.cli;

import java.util.concurrent.Callable;

/** A subcommand that writes only to the {@link Streams} {@link Fleetgen} hands it. */
abstract class StreamCommand implements Callable<Integer>, Streams.User {
    Streams streams;

    @Override
    public void use(Streams s) {
        streams = s;
    }
}
