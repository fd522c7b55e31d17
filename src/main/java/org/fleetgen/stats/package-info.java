/**
 * Ground floor, maths: domain-free numerical methods, each class named after its method
 * ({@link org.fleetgen.stats.Mt19937}, {@link org.fleetgen.stats.SipHash13}, ...). Every other package
 * may use it; it uses nothing of fleetgen's, only the JDK and Commons Math.
 */
package org.fleetgen.stats;
