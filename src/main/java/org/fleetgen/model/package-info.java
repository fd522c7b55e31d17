/**
 * Stage 4a, models: the seam a way of generating data plugs into ({@link org.fleetgen.model.Model},
 * {@link org.fleetgen.model.Scenario}) and the registry that names them. Each model lives in its own
 * sub-package and uses only {@code config}, {@code fleet}, {@code sample}, {@code stats}, the JDK and
 * Commons Math; the simulation drives models only through this seam.
 */
package org.fleetgen.model;
