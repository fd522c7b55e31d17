package org.fleetgen.fleet;

/**
 * Breaks the dependency rules on purpose, without a single import line, so ArchitectureTest can show
 * that its checker sees fully qualified references. Test code: never part of the build's jar.
 */
public final class ArchitectureFixture {
    private ArchitectureFixture() {
    }

    static String version() {
        return org.fleetgen.cli.Fleetgen.version();
    }

    static int maxWorkers() {
        return org.fleetgen.load.DatasetLoader.defaultWorkers();
    }

    static Object renderer() {
        return org.jooq.impl.DSL.selectOne();
    }

    static Thread sideThread() {
        return new java.lang.Thread(() -> { });
    }
}
