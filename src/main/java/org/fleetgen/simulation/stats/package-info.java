/**
 * Stage 4b, maths: domain-free numerical methods, each class named after its method
 * ({@link org.fleetgen.simulation.stats.Mt19937}, {@link org.fleetgen.simulation.stats.SipHash13}, ...).
 * Depends on the JDK and Commons Math only; knows nothing of servers, metrics or fleetgen's other packages.
 */
package org.fleetgen.simulation.stats;
