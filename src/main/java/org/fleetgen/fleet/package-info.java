/**
 * Stage 3, the fleet: what every model's fleet is made of — a {@link org.fleetgen.fleet.Fleet} of
 * {@link org.fleetgen.fleet.Server}s, each with an archetype profile (fields by name), a stream seed and
 * business metadata. How a fleet is laid out is the model's business. Depends on {@code config} and the
 * maths in {@code stats}; JDK and Commons Math only.
 */
package org.fleetgen.fleet;
