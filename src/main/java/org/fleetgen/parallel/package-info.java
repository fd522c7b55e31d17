/**
 * Ground floor, concurrency: the one place fleetgen starts threads ({@link org.fleetgen.parallel.Parallel}).
 * JDK only; knows nothing of fleetgen's other packages.
 */
package org.fleetgen.parallel;
