/**
 * The {@code realistic} model (issue 15), under construction and not yet selectable: its hourly process.
 * Every value is a pure function of the server, the metric and the absolute UTC hour (hours since
 * 2000-01-01T00:00Z), so a dataset's rows do not depend on its range, its chunking or its threads:
 * expected levels in each region's local time with compounding monthly growth from that fixed origin,
 * AR(1) noise whose innovations carry the archetype's correlation, and spikes as events with a start, a
 * duration and a magnitude. Daily values are the 95th percentile of the day's 24 hourly values.
 */
package org.fleetgen.model.realistic;
