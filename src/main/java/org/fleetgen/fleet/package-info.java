/**
 * Stage 3, the fleet: the archetype catalogue as data, the plan of which server gets which archetype,
 * each server's stream seed, and the business metadata. Depends on {@code config} and the maths in
 * {@code simulation.stats}; JDK and Commons Math only.
 */
package org.fleetgen.fleet;
