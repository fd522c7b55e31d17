package org.fleetgen.testing;

import org.testcontainers.DockerClientFactory;

/**
 * What the Testcontainers tests need besides a Docker engine: their image on the engine already, since
 * no registry is reachable from these machines (.ci/docker.sh builds PostgreSQL's from Debian packages).
 */
public final class Containers {
    /** The locally built PostgreSQL 15 image (the property fleetgen.test.image names another). */
    public static final String POSTGRES_IMAGE = System.getProperty("fleetgen.test.image", "fleetgen-postgres:15");

    private Containers() {
    }

    /** True when Docker runs and holds the image; false (the test is skipped, saying why) otherwise. */
    public static boolean imageIsLocal(String image) {
        try {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                return false;
            }
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
