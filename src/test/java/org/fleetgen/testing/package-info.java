/** Test support: the databases that *IT tests run against. */
package org.fleetgen.testing;
