/**
 * The {@code reference} model: AWS-CapacityForecaster's generator reproduced value for value, defects
 * included (docs/model.md). Its archetype catalogue, fleet layout with Python-hash seeding and
 * seed-42 metadata, MT19937 streams, seasonal factors and the moments they imply.
 */
package org.fleetgen.model.reference;
