-- Incremental answers: what the analytics views' answers are kept from between loads, so that a load pays for
-- its new chunks only. The answers that are sums over every row (archetype_summary, archetype_correlation,
-- archetype_calendar_effects, archetype_hourly_profile) come from per-archetype totals that merge: counts per
-- hundredth, exact sums and cross-products, calendar and hourly sums. A load adds the rollups of its new
-- chunks to them; the daily and monthly answers are recomputed for the months those chunks touch, and the risk
-- window's for its days.

-- One row per archetype: its totals over the chunks of agg_folded, in fleetgen's binary form (Rollups in the code).
CREATE TABLE agg_state (
    server_type varchar(32) NOT NULL,
    state       bytea       NOT NULL,
    CONSTRAINT agg_state_pk PRIMARY KEY (server_type)
);

-- The chunks whose rollups agg_state holds. Empty: agg_state is ignored and the next computation starts over.
CREATE TABLE agg_folded (
    chunk_no integer NOT NULL,
    CONSTRAINT agg_folded_pk PRIMARY KEY (chunk_no)
);
