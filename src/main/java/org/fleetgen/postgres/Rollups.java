package org.fleetgen.postgres;

import static org.fleetgen.jooq.Tables.AGG_CALENDAR_EFFECTS;
import static org.fleetgen.jooq.Tables.AGG_CORRELATION;
import static org.fleetgen.jooq.Tables.AGG_DAILY;
import static org.fleetgen.jooq.Tables.AGG_FOLDED;
import static org.fleetgen.jooq.Tables.AGG_HOURLY_PROFILE;
import static org.fleetgen.jooq.Tables.AGG_MONTHLY;
import static org.fleetgen.jooq.Tables.AGG_SERVER_WINDOW;
import static org.fleetgen.jooq.Tables.AGG_STATE;
import static org.fleetgen.jooq.Tables.AGG_SUMMARY;
import static org.fleetgen.jooq.Tables.ARCHETYPE;
import static org.fleetgen.jooq.Tables.CALENDAR;
import static org.fleetgen.jooq.Tables.DATASET;
import static org.fleetgen.jooq.Tables.LOAD_LEDGER;
import static org.fleetgen.jooq.Tables.METRIC_DAY;
import static org.fleetgen.jooq.Tables.RISK_SETTINGS;
import static org.fleetgen.jooq.Tables.ROLLUP_STATE;
import static org.fleetgen.jooq.Tables.SERVER;
import static org.fleetgen.jooq.Tables.SERVER_METRICS;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.fleetgen.sample.DayValues;
import org.fleetgen.sample.Metric;
import org.fleetgen.stats.HundredthsHistogram;
import org.fleetgen.stats.PercentileCont;
import org.fleetgen.stats.HundredthsMoments;
import org.fleetgen.stats.WelfordMoments;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.PGCopyInputStream;

/**
 * Computes the analytics views' answers (the {@code agg_*} tables) from the per-day rollups
 * ({@code metric_day}), never from {@code server_metrics}, and keeps them up to date as chunks arrive:
 * the answers over every row come from per-archetype totals that new chunks add to ({@code agg_state},
 * with the chunks they hold in {@code agg_folded}); the daily and monthly answers are recomputed for the
 * months new chunks touch, and the risk window's for its days. A computation reads its rollups in day
 * order in this JVM, then writes in one transaction.
 *
 * <p>The answers are those of the views' former full-scan SQL: counts, minima, maxima and percentiles
 * exactly (percentiles as PostgreSQL's {@code percentile_cont}, from exact order statistics: counts per
 * hundredth over the whole dataset or a month, selection within a day or a server's window); sums of
 * values in hundredths exactly in integers, so kept totals and new chunks give the same doubles as one
 * pass; means, standard deviations and correlations within 1e-12 of PostgreSQL's. Memory is bounded by a
 * month of one archetype's values per metric at most, as counts, and its totals.
 */
public final class Rollups {
    private static final double[] SUMMARY_PERCENTILES = {0.05, 0.5, 0.95};
    private static final double DAILY_PERCENTILE = 0.95;
    private static final long POSTGRES_EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();
    /** The calendar effects of archetype_calendar_effects, in their order. */
    private static final List<String> EFFECTS = List.of("weekend", "quarter_end", "generator_holiday", "federal_holiday");
    /** The metrics archetype_correlation pairs, and archetype_calendar_effects averages. */
    private static final List<Metric> CORRELATED = List.of(Metric.CPU, Metric.MEM, Metric.DISK, Metric.NET_IN);
    private static final List<Metric> EFFECT_METRICS = List.of(Metric.CPU, Metric.MEM, Metric.NET_IN);

    private final ConnectionPool pool;

    public Rollups(ConnectionPool pool) {
        this.pool = pool;
    }

    /** True when the answers were computed from the rollups as they are now, and the rollups cover every loaded row. */
    public boolean current() throws DatabaseException {
        try {
            DSLContext dsl = pool.dsl();
            Record state = dsl.select(ROLLUP_STATE.DAYS, ROLLUP_STATE.STAMPS).from(ROLLUP_STATE).fetchOne();
            Record now = dsl.select(DSL.count(), DSL.coalesce(DSL.sum(METRIC_DAY.STAMPS), BigDecimal.ZERO)).from(METRIC_DAY).fetchOne();
            long ledgerRows = new DatasetStore(dsl).ledgerRows();
            long days = ((Number) now.get(0)).longValue();
            long stamps = ((Number) now.get(1)).longValue();
            return state != null && state.get(ROLLUP_STATE.DAYS) == days && state.get(ROLLUP_STATE.STAMPS) == stamps
                    && stamps == ledgerRows;
        } catch (DataAccessException e) {
            throw DatasetStore.failure("cannot read the rollups' state", e);
        }
    }

    /** {@link #current()} in plain JDBC on a connection of the caller's (see {@link DatasetStore#manifest(java.sql.Connection, String)}). */
    public static boolean current(java.sql.Connection c, String schema) throws DatabaseException {
        String s = SchemaMigrator.quote(schema);
        try (java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(
                "SELECT r.days, r.stamps, d.days, d.stamps, (SELECT coalesce(sum(row_count), 0) FROM " + s + ".load_ledger) "
                        + "FROM (SELECT count(*) AS days, coalesce(sum(stamps), 0) AS stamps FROM " + s + ".metric_day) d "
                        + "LEFT JOIN " + s + ".rollup_state r ON true")) {
            rs.next();
            long stateDays = rs.getLong(1);
            boolean noState = rs.wasNull();
            long stateStamps = rs.getLong(2);
            return !noState && stateDays == rs.getLong(3) && stateStamps == rs.getLong(4) && rs.getLong(4) == rs.getLong(5);
        } catch (java.sql.SQLException e) {
            throw DatasetStore.failure("cannot read the rollups' state", e);
        }
    }

    /** True when the rollups hold as many rows as the ledger says were loaded (false for a schema loaded before rollups). */
    public boolean complete() throws DatabaseException {
        try {
            DSLContext dsl = pool.dsl();
            Number stamps = (Number) dsl.select(DSL.coalesce(DSL.sum(METRIC_DAY.STAMPS), BigDecimal.ZERO)).from(METRIC_DAY).fetchOne().get(0);
            return stamps.longValue() == new DatasetStore(dsl).ledgerRows();
        } catch (DataAccessException e) {
            throw DatasetStore.failure("cannot read the rollups", e);
        }
    }

    /**
     * Brings the answers up to date with the loaded chunks, in one transaction: the chunks not folded yet
     * are added to the per-archetype totals ({@code agg_state}), the daily and monthly answers of the months
     * they touch are recomputed from those months' rollups, and the risk window's from its days. A load pays
     * for its new chunks (and their months), not for the whole dataset. The first time, or when the state does
     * not match the ledger, it starts over from every rollup, as {@link #recompute} does.
     */
    public Work update(int parallelism) throws DatabaseException {
        return compute(parallelism, false);
    }

    /** Recomputes every answer from every rollup, discarding the kept totals (fleetgen refresh). */
    public Work recompute(int parallelism) throws DatabaseException {
        return compute(parallelism, true);
    }

    /**
     * What a computation did: whether it started over, the chunks it added to the totals, and the rollup rows
     * it read (the months it recomputed and the risk window's days).
     */
    public record Work(boolean startedOver, int chunksAdded, long rollupRowsRead) {
    }

    /** Work on the answers in one transaction of its own, which commits when the work returns a result, else rolls back. */
    private interface AnswersWork<T> {
        T run(DSLContext tx, CopyManager copy) throws Exception;
    }

    /**
     * Runs {@code work} in a transaction that holds the answers' lock: one computation or write of the answers at a
     * time, so a second one waits, then finds the chunks folded.
     */
    private <T> T underAnswersLock(String failure, AnswersWork<T> work) throws DatabaseException {
        try (Connection w = pool.connection()) {
            w.setAutoCommit(false);
            try {
                DSLContext tx = DSL.using(w, SQLDialect.POSTGRES);
                tx.execute("LOCK TABLE {0} IN EXCLUSIVE MODE", AGG_FOLDED);
                // No COPY for a load that promised none (--method jooq): the answers go in as INSERTs.
                T result = work.run(tx, pool.copyFromStdin() ? w.unwrap(PGConnection.class).getCopyAPI() : null);
                if (result != null) {
                    w.commit();
                }
                return result;
            } finally {
                if (!w.getAutoCommit()) {
                    w.rollback();
                }
            }
        } catch (DatabaseException e) {
            throw e;
        } catch (Exception e) {
            throw DatasetStore.failure(failure, e);
        }
    }

    private Work compute(int parallelism, boolean full) throws DatabaseException {
        return underAnswersLock("cannot compute the views from the rollups", (tx, copy) -> {
            Fold fold = Fold.plan(tx, full);
            Map<String, Integer> servers = new TreeMap<>();
            for (Record r : tx.select(SERVER.SERVER_TYPE, DSL.count()).from(SERVER).groupBy(SERVER.SERVER_TYPE).fetch()) {
                servers.put(r.get(SERVER.SERVER_TYPE), r.get(1, Integer.class));
            }
            List<List<String>> parts = new ArrayList<>();
            long[] load = new long[Math.max(1, Math.min(parallelism, servers.size()))];
            for (int i = 0; i < load.length; i++) {
                parts.add(new ArrayList<>());
            }
            servers.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).forEach(e -> {
                int least = 0;
                for (int i = 1; i < load.length; i++) {
                    least = load[i] < load[least] ? i : least;
                }
                parts.get(least).add(e.getKey());
                load[least] += e.getValue();
                });
                List<Answers> answers = java.util.Collections.synchronizedList(new ArrayList<>());
                Exception failure = org.fleetgen.parallel.Parallel.drain(parts.size(), "fleetgen-views",
                        new java.util.concurrent.ConcurrentLinkedQueue<>(parts), next -> {
                            List<String> types;
                            while ((types = next.get()) != null) {
                                answers.add(read(types, fold));
                            }
                        });
                if (failure != null) {
                    throw failure;
                }
                Answers all = new Answers();
                answers.forEach(all::add);
                all.write(tx, copy, fold);
                return new Work(fold.startOver, fold.fresh.cardinality(), all.rowsDecoded);
            });
    }

    /** archetype_correlation's targets per archetype, in the order of its pairs, from the archetype table. */
    private static Map<String, double[]> targets(DSLContext tx) {
        Map<String, double[]> targets = new HashMap<>();
        for (Record r : tx.selectFrom(ARCHETYPE).fetch()) {
            targets.put(r.get(ARCHETYPE.SERVER_TYPE), new double[] {r.get(ARCHETYPE.CPU_MEM_CORRELATION), r.get(ARCHETYPE.CPU_DISK_CORRELATION),
                    r.get(ARCHETYPE.CPU_NET_CORRELATION), r.get(ARCHETYPE.MEM_DISK_CORRELATION), r.get(ARCHETYPE.MEM_NET_CORRELATION),
                    r.get(ARCHETYPE.DISK_NET_CORRELATION)});
        }
        return targets;
    }

    /**
     * Writes the answers a load streamed as it generated its rows ({@link StreamedAnswers}), in one transaction,
     * when they are the answers of the loaded data: every group complete, the ledger holding exactly the chunks
     * streamed, no answers kept from before, the risk window the one stored. Returns false, writing nothing,
     * otherwise; the caller then computes the answers from the rollups ({@link #update}).
     */
    public boolean writeStreamed(StreamedAnswers streamed) throws DatabaseException {
        if (streamed.invalid() != null) {
            return false;
        }
        return underAnswersLock("cannot write the views' answers", (tx, copy) -> {
            Fold fold = Fold.plan(tx, true);
            Integer window = tx.select(RISK_SETTINGS.WINDOW_DAYS).from(RISK_SETTINGS).fetchOne(RISK_SETTINGS.WINDOW_DAYS);
            if (tx.fetchExists(AGG_FOLDED) || !fold.fresh.equals(streamed.chunks()) || window == null || window != streamed.windowDays()) {
                return null;
            }
            streamed.answers(targets(tx)).write(tx, copy, fold);
            return Boolean.TRUE;
        }) != null;
    }

    /**
     * What one computation covers: the chunks already in the totals, the new ones, and the months the new
     * ones touch (null: every month, when starting over).
     */
    private static final class Fold {
        final boolean startOver;
        /** Chunks in the kept totals (empty when starting over), and those to add now. */
        final java.util.BitSet folded;
        final java.util.BitSet fresh = new java.util.BitSet();
        /** Half-open ranges [from, to) of whole months whose daily and monthly answers are recomputed; null for all. */
        final List<LocalDate[]> months;
        final Map<String, byte[]> state;
        final long days;
        final long stamps;

        private Fold(boolean startOver, java.util.BitSet folded, List<LocalDate[]> months, Map<String, byte[]> state, long days, long stamps) {
            this.startOver = startOver;
            this.folded = folded;
            this.months = months;
            this.state = state;
            this.days = days;
            this.stamps = stamps;
        }

        /** Read under the lock, in the writing transaction. */
        static Fold plan(DSLContext tx, boolean full) {
            java.util.BitSet folded = new java.util.BitSet();
            tx.select(AGG_FOLDED.CHUNK_NO).from(AGG_FOLDED).fetch().forEach(r -> folded.set(r.value1()));
            Map<String, byte[]> state = new HashMap<>();
            tx.select(AGG_STATE.SERVER_TYPE, AGG_STATE.STATE).from(AGG_STATE).fetch().forEach(r -> state.put(r.value1(), r.value2()));
            Record kept = tx.select(ROLLUP_STATE.DAYS, ROLLUP_STATE.STAMPS).from(ROLLUP_STATE).fetchOne();
            Record ds = tx.select(DATASET.START_DATE, DATASET.GRANULARITY).from(DATASET).fetchOne();
            java.util.BitSet ledger = new java.util.BitSet();
            TreeMap<LocalDate, Boolean> touched = new TreeMap<>();
            boolean hourly = ds != null && "hourly".equals(ds.get(DATASET.GRANULARITY));
            for (Record r : tx.select(LOAD_LEDGER.CHUNK_NO, LOAD_LEDGER.FROM_STAMP, LOAD_LEDGER.TO_STAMP).from(LOAD_LEDGER).fetch()) {
                int chunk = r.get(LOAD_LEDGER.CHUNK_NO);
                ledger.set(chunk);
                if (!folded.get(chunk) && ds != null) {
                    LocalDate start = ds.get(DATASET.START_DATE);
                    long first = r.get(LOAD_LEDGER.FROM_STAMP);
                    long last = r.get(LOAD_LEDGER.TO_STAMP) - 1L;
                    LocalDate from = hourly ? start.plusDays(first / 24) : start.plusDays(first);
                    LocalDate to = hourly ? start.plusDays(last / 24) : start.plusDays(last);
                    for (LocalDate m = from.withDayOfMonth(1); !m.isAfter(to); m = m.plusMonths(1)) {
                        touched.put(m, true);
                    }
                }
            }
            Set<String> types = new java.util.HashSet<>(tx.selectDistinct(SERVER.SERVER_TYPE).from(SERVER).fetch(SERVER.SERVER_TYPE));
            java.util.BitSet stale = (java.util.BitSet) folded.clone();
            stale.andNot(ledger);
            // Totals that do not match the ledger (a chunk folded that the ledger lacks, an archetype without
            // totals, no count of what they hold) are not added to: start over from every rollup.
            boolean startOver = full || folded.isEmpty() || !stale.isEmpty() || kept == null || !state.keySet().containsAll(types);
            if (startOver) {
                Fold f = new Fold(true, new java.util.BitSet(), null, Map.of(), 0, 0);
                f.fresh.or(ledger);
                return f;
            }
            List<LocalDate[]> months = new ArrayList<>();
            for (LocalDate m : touched.keySet()) {
                LocalDate[] last = months.isEmpty() ? null : months.get(months.size() - 1);
                if (last != null && last[1].equals(m)) {
                    last[1] = m.plusMonths(1);
                } else {
                    months.add(new LocalDate[] {m, m.plusMonths(1)});
                }
            }
            Fold f = new Fold(false, folded, months, state, kept.get(ROLLUP_STATE.DAYS), kept.get(ROLLUP_STATE.STAMPS));
            f.fresh.or(ledger);
            f.fresh.andNot(folded);
            return f;
        }

        /** A rollup row counts when its chunk is folded or being folded (a chunk committed since is left for the next computation). */
        boolean counts(int chunk) {
            return folded.get(chunk) || fresh.get(chunk);
        }

        /** The months to recompute, as a condition on a date column; null for every month. */
        org.jooq.Condition within(org.jooq.Field<LocalDate> column) {
            if (months == null) {
                return null;
            }
            org.jooq.Condition c = DSL.falseCondition();
            for (LocalDate[] r : months) {
                c = c.or(column.ge(r[0]).and(column.lt(r[1])));
            }
            return c;
        }
    }

    /** The answers for some archetypes: their kept totals plus the new chunks, the touched months, the risk window. */
    private Answers read(List<String> types, Fold fold) throws SQLException, IOException, DatabaseException {
        try (Connection c = pool.connection()) {
            c.setAutoCommit(false);
            try {
                DSLContext tx = DSL.using(c, SQLDialect.POSTGRES);
                // The day-ordered read sorts this reader's rollups; let it do so in memory.
                tx.execute("SET LOCAL work_mem = '256MB'");
                Aggregation a = new Aggregation(tx, c, types, fold);
                org.jooq.Condition months = fold.within(METRIC_DAY.DAY);
                if (months == null || !fold.months.isEmpty()) {
                    String select = tx.renderInlined(DSL.select(METRIC_DAY.SERVER_KEY, METRIC_DAY.DAY, METRIC_DAY.CHUNK_NO, METRIC_DAY.ENCODED)
                            .from(METRIC_DAY)
                            .where(METRIC_DAY.SERVER_KEY.in(DSL.select(SERVER.SERVER_KEY).from(SERVER).where(SERVER.SERVER_TYPE.in(types))))
                            .and(months == null ? DSL.trueCondition() : months)
                            .orderBy(METRIC_DAY.DAY, METRIC_DAY.SERVER_KEY, METRIC_DAY.CHUNK_NO));
                    try (BinaryCopyReader in = new BinaryCopyReader(
                            new PGCopyInputStream(c.unwrap(PGConnection.class), "COPY (" + select + ") TO STDOUT (FORMAT binary)"))) {
                        readBinaryCopy(in, a, a.daily, fold);
                    }
                }
                a.finish();
                a.readWindows(c, tx, types, fold);
                return a.answers();
            } finally {
                c.rollback();
            }
        }
    }

    /**
     * Rebuilds every {@code metric_day} row from {@code server_metrics} (after rows were edited by hand, or
     * for a schema loaded before rollups existed), in one transaction; then {@link #aggregate} answers from them.
     */
    public void rebuildFromFacts() throws DatabaseException {
        try (Connection c = pool.connection()) {
            c.setAutoCommit(false);
            try {
                DSLContext tx = DSL.using(c, SQLDialect.POSTGRES);
                Record ds = tx.select(DATASET.START_DATE, DATASET.GRANULARITY).from(DATASET).fetchOne();
                if (ds == null) {
                    throw new IllegalStateException("the schema holds no dataset");
                }
                long startSecond = ds.get(DATASET.START_DATE).toEpochDay() * 86_400L;
                long step = "hourly".equals(ds.get(DATASET.GRANULARITY)) ? 3_600L : 86_400L;
                Map<Integer, List<int[]>> chunks = new HashMap<>();
                for (Record r : tx.select(LOAD_LEDGER.SERVER_KEY, LOAD_LEDGER.FROM_STAMP, LOAD_LEDGER.TO_STAMP, LOAD_LEDGER.CHUNK_NO)
                        .from(LOAD_LEDGER).fetch()) {
                    chunks.computeIfAbsent(r.get(LOAD_LEDGER.SERVER_KEY), k -> new ArrayList<>())
                            .add(new int[] {r.get(LOAD_LEDGER.FROM_STAMP), r.get(LOAD_LEDGER.TO_STAMP), r.get(LOAD_LEDGER.CHUNK_NO)});
                }
                tx.truncate(METRIC_DAY).execute();
                tx.execute("SET LOCAL work_mem = '256MB'");
                StringBuilder columns = new StringBuilder(tx.render(SERVER_METRICS.SERVER_KEY.getUnqualifiedName()))
                        .append(", ").append(tx.render(SERVER_METRICS.TS.getUnqualifiedName()));
                for (Metric m : Metric.ALL) {
                    columns.append(", ").append(tx.render(DSL.name(m.column())));
                }
                String sql = "COPY (SELECT " + columns + " FROM " + tx.render(SERVER_METRICS) + " ORDER BY 1, 2) TO STDOUT (FORMAT binary)";
                CopyManager copyManager = c.unwrap(PGConnection.class).getCopyAPI();
                String copyIn = MetricDayRows.copySql(tx);
                DayValues.Builder day = new DayValues.Builder();
                double[] values = new double[Metric.ALL.size()];
                int currentServer = -1;
                long currentDay = Long.MIN_VALUE;
                long currentGroup = Long.MIN_VALUE;
                int currentChunk = -1;
                // Read everything first: a connection carries one COPY at a time.
                List<MetricDayRows.Row> all = new ArrayList<>();
                try (BinaryCopyReader in = new BinaryCopyReader(new PGCopyInputStream(c.unwrap(PGConnection.class), sql))) {
                    while (in.nextRow() != -1) {
                        in.readInt();
                        int serverKey = in.readInt();
                        in.readInt();
                        long second = Math.floorDiv(in.readLong(), 1_000_000L) + POSTGRES_EPOCH_DAY * 86_400L;
                        for (int k = 0; k < values.length; k++) {
                            in.readInt();
                            values[k] = in.readDouble();
                        }
                        long epochDay = Math.floorDiv(second, 86_400L);
                        int chunk = chunkOf(chunks.get(serverKey), Math.floorDiv(second - startSecond, step));
                        // As the sinks group them: a day of hourly data, a month of daily data, per chunk.
                        LocalDate date = LocalDate.ofEpochDay(epochDay);
                        long group = step == 86_400L ? date.getYear() * 12L + date.getMonthValue() : epochDay;
                        if (serverKey != currentServer || group != currentGroup || chunk != currentChunk) {
                            if (day.size() > 0) {
                                all.add(new MetricDayRows.Row(currentServer, LocalDate.ofEpochDay(currentDay), currentChunk, day.size(), day.encode()));
                                day.clear();
                            }
                            currentServer = serverKey;
                            currentDay = epochDay;
                            currentGroup = group;
                            currentChunk = chunk;
                        }
                        day.add(step == 86_400L ? (int) (epochDay - currentDay) : (int) (Math.floorMod(second, 86_400L) / 3_600L), values);
                    }
                    if (day.size() > 0) {
                        all.add(new MetricDayRows.Row(currentServer, LocalDate.ofEpochDay(currentDay), currentChunk, day.size(), day.encode()));
                    }
                }
                for (int from = 0; from < all.size(); from += 10_000) {
                    byte[] data = MetricDayRows.binary(all.subList(from, Math.min(all.size(), from + 10_000)));
                    CopyIn in = copyManager.copyIn(copyIn);
                    in.writeToCopy(data, 0, data.length);
                    in.endCopy();
                }
                c.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // Already failing; the pool discards a broken connection.
                }
                throw e;
            }
        } catch (SQLException | IOException | RuntimeException e) {
            throw DatasetStore.failure("cannot rebuild the rollups from server_metrics", e);
        }
    }

    /** The ledger chunk whose range holds the stamp, or -1 for a row no chunk accounts for. */
    private static int chunkOf(List<int[]> ranges, long stamp) {
        if (ranges != null) {
            for (int[] r : ranges) {
                if (stamp >= r[0] && stamp < r[1]) {
                    return r[2];
                }
            }
        }
        return -1;
    }

    /**
     * The {@link Fingerprint} of a chunk's rows as its rollups hold them (a server's days {@code from} to
     * {@code to}, inclusive), for comparing with the fingerprint of the rows themselves.
     */
    public static Fingerprint fingerprint(DSLContext dsl, int chunkNo, int serverKey, LocalDate from, LocalDate to, boolean daily) {
        Fingerprint.Builder b = new Fingerprint.Builder();
        double[] row = new double[Metric.ALL.size()];
        for (Record r : dsl.select(METRIC_DAY.DAY, METRIC_DAY.ENCODED).from(METRIC_DAY)
                .where(METRIC_DAY.DAY.between(from, to)).and(METRIC_DAY.SERVER_KEY.eq(serverKey)).and(METRIC_DAY.CHUNK_NO.eq(chunkNo))
                .orderBy(METRIC_DAY.DAY).fetch()) {
            DayValues d = DayValues.decode(r.get(METRIC_DAY.ENCODED));
            long dayStart = r.get(METRIC_DAY.DAY).toEpochDay() * 86_400L;
            for (int i = 0; i < d.size(); i++) {
                for (Metric m : Metric.ALL) {
                    row[m.ordinal()] = d.value(m, i);
                }
                // A slot is an hour of the row's day, or (daily data) a day after the row's first day.
                b.add(dayStart + d.hour(i) * (daily ? 86_400L : 3_600L), row);
            }
        }
        return b.build();
    }

    /**
     * Feeds the rollups to the aggregation day by day. A row of daily data holds a month of days from its
     * first day: its days wait until every row that can cover them has been read (rows come by first day).
     * Rows of chunks the computation does not cover (committed after it started) are left out.
     */
    private static void readBinaryCopy(BinaryCopyReader in, Aggregation a, boolean daily, Fold fold) throws IOException {
        TreeMap<LocalDate, List<Pending>> pending = new TreeMap<>();
        while (in.nextRow() != -1) {
            in.readInt();
            int serverKey = in.readInt();
            in.readInt();
            LocalDate first = LocalDate.ofEpochDay(POSTGRES_EPOCH_DAY + in.readInt());
            in.readInt();
            int chunk = in.readInt();
            byte[] encoded = in.readBytes(in.readInt());
            a.rowsDecoded++;
            if (!fold.counts(chunk)) {
                continue;
            }
            DayValues row = DayValues.decode(encoded);
            boolean fresh = fold.fresh.get(chunk);
            if (fresh) {
                a.rowsRead++;
                a.stampsRead += row.size();
            }
            if (!daily) {
                a.add(serverKey, first, row, fresh);
                continue;
            }
            while (!pending.isEmpty() && pending.firstKey().isBefore(first)) {
                Map.Entry<LocalDate, List<Pending>> day = pending.pollFirstEntry();
                day.getValue().forEach(v -> a.add(v.serverKey(), day.getKey(), v.values(), v.fresh()));
            }
            for (int i = 0; i < row.size(); i++) {
                pending.computeIfAbsent(first.plusDays(row.hour(i)), k -> new ArrayList<>()).add(new Pending(serverKey, row.single(i), fresh));
            }
        }
        pending.forEach((day, values) -> values.forEach(v -> a.add(v.serverKey(), day, v.values(), v.fresh())));
    }

    /** A day of a daily-data rollup row, waiting for its day's turn. */
    private record Pending(int serverKey, DayValues values, boolean fresh) {
    }

    /**
     * Per archetype, metric by metric: everything of archetype_summary, archetype_correlation,
     * archetype_calendar_effects and archetype_hourly_profile, as totals that new rows add to in any order and
     * that are kept between computations ({@code agg_state}). Values in hundredths are summed exactly, in
     * integers, so kept totals plus new rows give the same doubles as one pass over all of them; any other
     * value goes to a floating-point sum beside them.
     */
    static final class TypeTotals {
        private static final int FORM = 1;
        final HundredthsHistogram[] values = new HundredthsHistogram[Metric.ALL.size()];
        final double[] min = new double[Metric.ALL.size()];
        final double[] max = new double[Metric.ALL.size()];
        final long[] atLower = new long[Metric.ALL.size()];
        final long[] atUpper = new long[Metric.ALL.size()];
        /** The moments of the rows in hundredths, exactly; of any other row, by Welford's updates. */
        HundredthsMoments exact = new HundredthsMoments(Metric.ALL.size());
        WelfordMoments moments = new WelfordMoments(Metric.ALL.size());
        /** Per effect, inside (0) and outside (1): rows, then the sums of EFFECT_METRICS (hundredths, and others). */
        final long[][] effectRows = new long[EFFECTS.size()][2];
        final long[][][] effectCents = new long[EFFECTS.size()][2][EFFECT_METRICS.size()];
        final double[][][] effectSums = new double[EFFECTS.size()][2][EFFECT_METRICS.size()];
        /** Per hour and day kind (0 weekday, 1 weekend): rows and sums of every metric. */
        final long[][] hourRows = new long[24][2];
        /** Sums per hour, day kind and metric, at [(hour * 2 + kind) * metrics + metric] (hundredths, and others). */
        final long[] hourCents = new long[24 * 2 * Metric.ALL.size()];
        final double[] hourSums = new double[24 * 2 * Metric.ALL.size()];

        WelfordMoments moments() {
            WelfordMoments all = exact.toWelford();
            all.merge(moments);
            return all;
        }

        TypeTotals() {
            for (Metric m : Metric.ALL) {
                values[m.ordinal()] = new HundredthsHistogram(limit(m));
                min[m.ordinal()] = Double.POSITIVE_INFINITY;
                max[m.ordinal()] = Double.NEGATIVE_INFINITY;
            }
        }

        static int limit(Metric m) {
            return (int) Math.round(m.max() * 100) + 1;
        }

        private final long[] dayCents = new long[Metric.ALL.size()];
        private final double[] dayOthers = new double[Metric.ALL.size()];
        private final int[][] cents = new int[Metric.ALL.size()][];
        private final double[] row = new double[Metric.ALL.size()];

        /**
         * Adds a server's day (a single day of daily data, or a day of hourly data): {@code kind} 1 on a weekend,
         * {@code flags} the day's calendar effects in {@link #EFFECTS} order. With {@code countValues} false the
         * values are left out of the histograms (the caller adds a month's counts at once).
         */
        void add(DayValues d, int kind, boolean[] flags, boolean countValues) {
            int n = d.size();
            int metrics = Metric.ALL.size();
            boolean inHundredths = true;
            for (Metric m : Metric.ALL) {
                int k = m.ordinal();
                double[] v = d.valuesOf(m);
                int[] c = d.hundredthsOf(m);
                double bound = m.max();
                double lo;
                double hi;
                long lower = 0;
                long upper = 0;
                long centSum = 0;
                double otherSum = 0;
                int boundCents = (int) Math.round(bound * 100);
                if (c != null && boundCents / 100.0 == bound) {
                    // One pass over the hundredths (and the histogram's own): a value is exactly its hundredths / 100
                    // (DayValues), so the extremes and the counts at the bounds come out the same as from the doubles.
                    int low = Integer.MAX_VALUE;
                    int high = Integer.MIN_VALUE;
                    for (int i = 0; i < n; i++) {
                        int x = c[i];
                        low = Math.min(low, x);
                        high = Math.max(high, x);
                        lower += x <= 0 ? 1 : 0;
                        upper += x >= boundCents ? 1 : 0;
                        centSum += x;
                        hourCents[(d.hour(i) * 2 + kind) * metrics + k] += x;
                    }
                    if (countValues) {
                        values[k].addHundredths(c, n);
                    }
                    lo = n == 0 ? Double.POSITIVE_INFINITY : low / 100.0;
                    hi = n == 0 ? Double.NEGATIVE_INFINITY : high / 100.0;
                } else {
                    lo = Double.POSITIVE_INFINITY;
                    hi = Double.NEGATIVE_INFINITY;
                    for (int i = 0; i < n; i++) {
                        double x = v[i];
                        lo = Math.min(lo, x);
                        hi = Math.max(hi, x);
                        lower += x <= 0 ? 1 : 0;
                        upper += x >= bound ? 1 : 0;
                    }
                    if (c != null) {
                        for (int i = 0; i < n; i++) {
                            centSum += c[i];
                            hourCents[(d.hour(i) * 2 + kind) * metrics + k] += c[i];
                        }
                        if (countValues) {
                            values[k].addHundredths(c, n);
                        }
                    } else {
                        inHundredths = false;
                        for (int i = 0; i < n; i++) {
                            otherSum += v[i];
                            hourSums[(d.hour(i) * 2 + kind) * metrics + k] += v[i];
                        }
                        if (countValues) {
                            for (int i = 0; i < n; i++) {
                                values[k].add(v[i]);
                            }
                        }
                    }
                }
                cents[k] = c;
                dayCents[k] = centSum;
                dayOthers[k] = otherSum;
                min[k] = Math.min(min[k], lo);
                max[k] = Math.max(max[k], hi);
                atLower[k] += lower;
                atUpper[k] += upper;
            }
            // A calendar effect is a property of the whole day: add the day's sums once per effect.
            for (int e = 0; e < EFFECTS.size(); e++) {
                int side = flags[e] ? 0 : 1;
                effectRows[e][side] += n;
                for (int j = 0; j < EFFECT_METRICS.size(); j++) {
                    int k = EFFECT_METRICS.get(j).ordinal();
                    effectCents[e][side][j] += dayCents[k];
                    effectSums[e][side][j] += dayOthers[k];
                }
            }
            if (!inHundredths || !exact.add(cents, n)) {
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < row.length; k++) {
                        row[k] = d.value(Metric.ALL.get(k), i);
                    }
                    moments.add(row);
                }
            }
            for (int i = 0; i < n; i++) {
                hourRows[d.hour(i)][kind]++;
            }
        }

        /** Adds another archetype's totals (observations of other servers or days) to these. */
        void merge(TypeTotals o) {
            for (Metric m : Metric.ALL) {
                int k = m.ordinal();
                values[k].addAll(o.values[k]);
                min[k] = Math.min(min[k], o.min[k]);
                max[k] = Math.max(max[k], o.max[k]);
                atLower[k] += o.atLower[k];
                atUpper[k] += o.atUpper[k];
            }
            exact.merge(o.exact);
            moments.merge(o.moments);
            for (int e = 0; e < EFFECTS.size(); e++) {
                for (int side = 0; side < 2; side++) {
                    effectRows[e][side] += o.effectRows[e][side];
                    for (int j = 0; j < EFFECT_METRICS.size(); j++) {
                        effectCents[e][side][j] += o.effectCents[e][side][j];
                        effectSums[e][side][j] += o.effectSums[e][side][j];
                    }
                }
            }
            for (int h = 0; h < hourRows.length; h++) {
                hourRows[h][0] += o.hourRows[h][0];
                hourRows[h][1] += o.hourRows[h][1];
            }
            for (int i = 0; i < hourSums.length; i++) {
                hourCents[i] += o.hourCents[i];
                hourSums[i] += o.hourSums[i];
            }
        }

        /** A sum of hundredths and of other values, as one double. */
        static double sum(long cents, double others) {
            return cents / 100.0 + others;
        }

        byte[] bytes() throws IOException {
            java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream(1 << 16);
            try (java.io.DataOutputStream out = new java.io.DataOutputStream(buffer)) {
                out.writeInt(FORM);
                for (Metric m : Metric.ALL) {
                    int k = m.ordinal();
                    values[k].writeTo(out);
                    out.writeDouble(min[k]);
                    out.writeDouble(max[k]);
                    out.writeLong(atLower[k]);
                    out.writeLong(atUpper[k]);
                }
                exact.writeTo(out);
                moments.writeTo(out);
                for (int e = 0; e < EFFECTS.size(); e++) {
                    for (int side = 0; side < 2; side++) {
                        out.writeLong(effectRows[e][side]);
                        for (int j = 0; j < EFFECT_METRICS.size(); j++) {
                            out.writeLong(effectCents[e][side][j]);
                            out.writeDouble(effectSums[e][side][j]);
                        }
                    }
                }
                for (long[] r : hourRows) {
                    out.writeLong(r[0]);
                    out.writeLong(r[1]);
                }
                for (int i = 0; i < hourSums.length; i++) {
                    out.writeLong(hourCents[i]);
                    out.writeDouble(hourSums[i]);
                }
            }
            return buffer.toByteArray();
        }

        static TypeTotals of(byte[] bytes) throws IOException {
            TypeTotals t = new TypeTotals();
            try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
                int form = in.readInt();
                if (form != FORM) {
                    throw new IOException("agg_state holds totals of form " + form + ", not " + FORM);
                }
                for (Metric m : Metric.ALL) {
                    int k = m.ordinal();
                    t.values[k] = HundredthsHistogram.readFrom(in, limit(m));
                    t.min[k] = in.readDouble();
                    t.max[k] = in.readDouble();
                    t.atLower[k] = in.readLong();
                    t.atUpper[k] = in.readLong();
                }
                t.exact = HundredthsMoments.readFrom(in);
                t.moments = WelfordMoments.readFrom(in);
                for (int e = 0; e < EFFECTS.size(); e++) {
                    for (int side = 0; side < 2; side++) {
                        t.effectRows[e][side] = in.readLong();
                        for (int j = 0; j < EFFECT_METRICS.size(); j++) {
                            t.effectCents[e][side][j] = in.readLong();
                            t.effectSums[e][side][j] = in.readDouble();
                        }
                    }
                }
                for (long[] r : t.hourRows) {
                    r[0] = in.readLong();
                    r[1] = in.readLong();
                }
                for (int i = 0; i < t.hourSums.length; i++) {
                    t.hourCents[i] = in.readLong();
                    t.hourSums[i] = in.readDouble();
                }
                if (in.read() != -1) {
                    throw new IOException("agg_state holds bytes after its totals");
                }
            }
            return t;
        }
    }

    /** One archetype's values over a period (a day or a month): rows, distinct servers, sums, maxima, and the values for the p95. */
    private static final class Period {
        /** Distinct servers: a server is counted when its mark is not this period's (marks outlive resets). */
        private int[] marks = new int[64];
        private int period = 1;
        private long servers;
        long rows;
        /** Sums of the values in hundredths (exact), and of any others. */
        final long[] cents = new long[Metric.ALL.size()];
        final double[] sum = new double[Metric.ALL.size()];
        final double[] max = new double[Metric.ALL.size()];
        /** A day's values are kept as they are and selected from; a month's are counted per hundredth. */
        final double[][] dayValues;
        final HundredthsHistogram[] monthValues;

        Period(boolean month) {
            dayValues = month ? null : new double[Metric.ALL.size()][64];
            monthValues = month ? new HundredthsHistogram[Metric.ALL.size()] : null;
            if (month) {
                for (Metric m : Metric.ALL) {
                    monthValues[m.ordinal()] = new HundredthsHistogram((int) Math.round(m.max() * 100) + 1);
                }
            }
            reset();
        }

        void reset() {
            period++;
            servers = 0;
            rows = 0;
            Arrays.fill(cents, 0);
            Arrays.fill(sum, 0);
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
            if (monthValues != null) {
                for (HundredthsHistogram h : monthValues) {
                    h.clear();
                }
            }
        }

        /** Adds a server's day; {@code dayCents}, {@code daySum} and {@code dayMax} are its sums (hundredths, others) and maxima per metric. */
        void add(int serverKey, DayValues d, long[] dayCents, double[] daySum, double[] dayMax) {
            if (serverKey >= marks.length) {
                marks = Arrays.copyOf(marks, Math.max(serverKey + 1, marks.length * 2));
            }
            if (marks[serverKey] != period) {
                marks[serverKey] = period;
                servers++;
            }
            int n = d.size();
            for (Metric m : Metric.ALL) {
                int k = m.ordinal();
                cents[k] += dayCents[k];
                sum[k] += daySum[k];
                max[k] = Math.max(max[k], dayMax[k]);
                if (dayValues != null) {
                    if (rows + n > dayValues[k].length) {
                        dayValues[k] = Arrays.copyOf(dayValues[k], (int) Math.max(rows + n, dayValues[k].length * 2L));
                    }
                    d.copyTo(m, dayValues[k], (int) rows);
                } else if (d.inHundredths(m)) {
                    HundredthsHistogram h = monthValues[k];
                    for (int i = 0; i < n; i++) {
                        h.addHundredths(d.hundredths(m, i));
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        monthValues[k].add(d.value(m, i));
                    }
                }
            }
            rows += n;
        }

        double p95(Metric m) {
            return dayValues != null
                    ? PercentileCont.of(dayValues[m.ordinal()], (int) rows, DAILY_PERCENTILE)
                    : monthValues[m.ordinal()].percentileCont(DAILY_PERCENTILE);
        }

        Object[] row(LocalDate date, String type) {
            Object[] r = new Object[4 + 3 * Metric.ALL.size()];
            r[0] = date;
            r[1] = type;
            r[2] = servers;
            r[3] = rows;
            for (Metric m : Metric.ALL) {
                int k = m.ordinal();
                r[4 + 3 * k] = TypeTotals.sum(cents[k], sum[k]) / rows;
                r[5 + 3 * k] = p95(m);
                r[6 + 3 * k] = max[k];
            }
            return r;
        }
    }

    /** A server's values in the risk window. */
    private static final class Window {
        long rows;
        long cpuCents;
        double cpuOthers;
        double[][] values = new double[3][256];

        void add(DayValues d) {
            int n = d.size();
            if (rows + n > values[0].length) {
                for (int k = 0; k < 3; k++) {
                    values[k] = Arrays.copyOf(values[k], (int) Math.max(rows + n, values[k].length * 2L));
                }
            }
            for (int i = 0; i < n; i++) {
                values[0][(int) rows + i] = d.value(Metric.CPU, i);
                values[1][(int) rows + i] = d.value(Metric.MEM, i);
                values[2][(int) rows + i] = d.value(Metric.DISK, i);
                if (d.inHundredths(Metric.CPU)) {
                    cpuCents += d.hundredths(Metric.CPU, i);
                } else {
                    cpuOthers += d.value(Metric.CPU, i);
                }
            }
            rows += n;
        }
    }

    /** The state of one pass over the rollups, in day order. */
    private static final class Aggregation {
        /** Rows of daily data hold a month of days each (ChunkRollup). */
        final boolean daily;
        private final Map<Integer, Integer> typeOfServer = new HashMap<>();
        private final List<String> types = new ArrayList<>();
        private final Map<String, Long> serversOfType = new TreeMap<>();
        private final Map<LocalDate, boolean[]> calendar = new HashMap<>();
        private final Map<String, double[]> targets = new HashMap<>();
        private final TypeTotals[] totals;
        private final Period[] day;
        private final Period[] month;
        private final Integer windowDays;
        private final LocalDate windowStart;
        private final LocalDate windowEnd;
        /** agg_server_window's rows, from the window pass ({@link #readWindows}). */
        private final List<Object[]> windowRows = new ArrayList<>();
        private LocalDate currentDay;
        private LocalDate currentMonth;
        /** metric_day rows, which {@link #current()} counts: a row of daily data holds a month of days. */
        private long rowsRead;
        private long stampsRead;
        private long rowsDecoded;
        private final List<Object[]> dailyRows = new ArrayList<>();
        private final List<Object[]> monthlyRows = new ArrayList<>();
        private final double[] daySum = new double[Metric.ALL.size()];
        private final double[] dayMax = new double[Metric.ALL.size()];
        private final long[] dayCents = new long[Metric.ALL.size()];

        /** Every new row of the month is in it (starting over): the totals take the month's counts at once. */
        private final boolean allFresh;

        Aggregation(DSLContext tx, Connection c, List<String> onlyTypes, Fold fold) throws SQLException, IOException {
            allFresh = fold.startOver;
            for (Record r : tx.select(SERVER.SERVER_KEY, SERVER.SERVER_TYPE).from(SERVER).where(SERVER.SERVER_TYPE.in(onlyTypes))
                    .orderBy(SERVER.SERVER_TYPE, SERVER.SERVER_KEY).fetch()) {
                String type = r.get(SERVER.SERVER_TYPE);
                int t = types.indexOf(type);
                if (t < 0) {
                    types.add(type);
                    t = types.size() - 1;
                }
                typeOfServer.put(r.get(SERVER.SERVER_KEY), t);
                serversOfType.merge(type, 1L, Long::sum);
            }
            // Plain JDBC: a calendar holds thousands of days, and jOOQ's record mapping is not worth compiling hot for them.
            try (java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(tx.render(DSL.select(CALENDAR.DAY,
                    CALENDAR.IS_WEEKEND, CALENDAR.IN_QUARTER_END_WINDOW, CALENDAR.IS_GENERATOR_HOLIDAY, CALENDAR.IS_HOLIDAY).from(CALENDAR)))) {
                while (rs.next()) {
                    calendar.put(rs.getObject(1, LocalDate.class), new boolean[] {rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4),
                            rs.getBoolean(5)});
                }
            }
            targets.putAll(targets(tx));
            totals = new TypeTotals[types.size()];
            day = new Period[types.size()];
            month = new Period[types.size()];
            for (int t = 0; t < types.size(); t++) {
                byte[] kept = fold.state.get(types.get(t));
                totals[t] = kept == null ? new TypeTotals() : TypeTotals.of(kept);
                day[t] = new Period(false);
                month[t] = new Period(true);
            }
            daily = !"hourly".equals(tx.select(DATASET.GRANULARITY).from(DATASET).fetchOne(DATASET.GRANULARITY));
            Record risk = tx.select(RISK_SETTINGS.WINDOW_DAYS, DATASET.END_DATE).from(RISK_SETTINGS).crossJoin(DATASET).fetchOne();
            windowDays = risk == null ? null : risk.get(RISK_SETTINGS.WINDOW_DAYS);
            windowEnd = risk == null ? null : risk.get(DATASET.END_DATE);
            windowStart = risk == null ? null : windowEnd.minusDays(windowDays - 1L);
        }

        /** Adds a server's day to the day's and month's answers, and (a new chunk's) to the totals. */
        void add(int serverKey, LocalDate date, DayValues d, boolean fresh) {
            Integer t = typeOfServer.get(serverKey);
            if (t == null) {
                throw new IllegalStateException("metric_day names server_key " + serverKey + ", which the server table lacks");
            }
            if (!date.equals(currentDay)) {
                closeDay();
                LocalDate first = date.withDayOfMonth(1);
                if (!first.equals(currentMonth)) {
                    closeMonth();
                    currentMonth = first;
                }
                currentDay = date;
            }
            boolean[] flags = calendar.get(date);
            if (flags == null) {
                throw new IllegalStateException("metric_day has day " + date + ", which the calendar lacks");
            }
            int kind = date.getDayOfWeek().getValue() >= DayOfWeek.SATURDAY.getValue() ? 1 : 0;
            TypeTotals tt = totals[t];
            int n = d.size();
            // The day's sums (exact in hundredths), maxima for its day and month; the archetype's totals for a new chunk.
            for (Metric m : Metric.ALL) {
                int k = m.ordinal();
                double[] v = d.valuesOf(m);
                int[] c = d.hundredthsOf(m);
                double hi = Double.NEGATIVE_INFINITY;
                long centSum = 0;
                double otherSum = 0;
                for (int i = 0; i < n; i++) {
                    hi = Math.max(hi, v[i]);
                }
                if (c != null) {
                    for (int i = 0; i < n; i++) {
                        centSum += c[i];
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        otherSum += v[i];
                    }
                }
                dayCents[k] = centSum;
                daySum[k] = otherSum;
                dayMax[k] = hi;
            }
            if (fresh) {
                tt.add(d, kind, flags, !allFresh);
            }
            day[t].add(serverKey, d, dayCents, daySum, dayMax);
            month[t].add(serverKey, d, dayCents, daySum, dayMax);
        }

        private void closeDay() {
            if (currentDay == null) {
                return;
            }
            for (int t = 0; t < types.size(); t++) {
                if (day[t].rows > 0) {
                    dailyRows.add(day[t].row(currentDay, types.get(t)));
                }
                day[t].reset();
            }
        }

        private void closeMonth() {
            if (currentMonth == null) {
                return;
            }
            for (int t = 0; t < types.size(); t++) {
                if (month[t].rows > 0) {
                    monthlyRows.add(month[t].row(currentMonth, types.get(t)));
                    // Starting over, the whole dataset's counts are the months' counts added up.
                    for (Metric m : Metric.ALL) {
                        if (allFresh) {
                            totals[t].values[m.ordinal()].addAll(month[t].monthValues[m.ordinal()]);
                        }
                    }
                }
                month[t].reset();
            }
        }

        void finish() {
            closeDay();
            closeMonth();
        }

        /**
         * The risk window's pass: the rollups of the window's days, in server order, one server held at a time
         * (holding every server's window at once took 17 KB a server: 170 MB for 10,000 servers).
         */
        void readWindows(Connection c, DSLContext tx, List<String> onlyTypes, Fold fold) throws SQLException, IOException {
            if (windowStart == null) {
                return;
            }
            // A row of daily data holds a month from its first day: start a month early and keep the window's days.
            LocalDate from = daily ? windowStart.minusDays(31) : windowStart;
            String select = tx.renderInlined(DSL.select(METRIC_DAY.SERVER_KEY, METRIC_DAY.DAY, METRIC_DAY.CHUNK_NO, METRIC_DAY.ENCODED)
                    .from(METRIC_DAY)
                    .where(METRIC_DAY.SERVER_KEY.in(DSL.select(SERVER.SERVER_KEY).from(SERVER).where(SERVER.SERVER_TYPE.in(onlyTypes))))
                    .and(METRIC_DAY.DAY.ge(from))
                    .orderBy(METRIC_DAY.SERVER_KEY, METRIC_DAY.DAY, METRIC_DAY.CHUNK_NO));
            Window w = null;
            int current = -1;
            try (BinaryCopyReader in = new BinaryCopyReader(
                    new PGCopyInputStream(c.unwrap(PGConnection.class), "COPY (" + select + ") TO STDOUT (FORMAT binary)"))) {
                while (in.nextRow() != -1) {
                    in.readInt();
                    int serverKey = in.readInt();
                    in.readInt();
                    LocalDate first = LocalDate.ofEpochDay(POSTGRES_EPOCH_DAY + in.readInt());
                    in.readInt();
                    int chunk = in.readInt();
                    byte[] encoded = in.readBytes(in.readInt());
                    rowsDecoded++;
                    if (!fold.counts(chunk)) {
                        continue;
                    }
                    DayValues row = DayValues.decode(encoded);
                    if (serverKey != current) {
                        emitWindow(current, w);
                        current = serverKey;
                        w = new Window();
                    }
                    if (!daily) {
                        if (!first.isBefore(windowStart)) {
                            w.add(row);
                        }
                        continue;
                    }
                    for (int i = 0; i < row.size(); i++) {
                        if (!first.plusDays(row.hour(i)).isBefore(windowStart)) {
                            w.add(row.single(i));
                        }
                    }
                }
            }
            emitWindow(current, w);
        }

        private void emitWindow(int serverKey, Window w) {
            if (w == null || w.rows == 0) {
                return;
            }
            windowRows.add(new Object[] {serverKey, windowDays, windowStart, windowEnd, w.rows,
                    PercentileCont.of(w.values[0], (int) w.rows, DAILY_PERCENTILE), PercentileCont.of(w.values[1], (int) w.rows, DAILY_PERCENTILE),
                    PercentileCont.of(w.values[2], (int) w.rows, DAILY_PERCENTILE), TypeTotals.sum(w.cpuCents, w.cpuOthers) / w.rows});
        }

        Answers answers() throws IOException {
            Answers answers = new Answers();
            answers.daily.addAll(dailyRows);
            answers.monthly.addAll(monthlyRows);
            answers.days = rowsRead;
            answers.rowsDecoded = rowsDecoded;
            answers.stamps = stampsRead;
            answers.addTotals(types, totals, serversOfType, targets);
            answers.window.addAll(windowRows);
            return answers;
        }
    }

    /** Rows of the agg_* tables, from one or more readers, and what they were computed from. */
    static final class Answers {
        final List<Object[]> summary = new ArrayList<>();
        final List<Object[]> correlation = new ArrayList<>();
        final List<Object[]> effects = new ArrayList<>();
        final List<Object[]> daily = new ArrayList<>();
        final List<Object[]> monthly = new ArrayList<>();
        final List<Object[]> hourly = new ArrayList<>();
        final List<Object[]> window = new ArrayList<>();
        /** Each archetype's totals, to keep (agg_state). */
        final Map<String, byte[]> state = new TreeMap<>();
        /** The metric_day rows and stamps of the chunks added now. */
        long days;
        long stamps;
        /** Every metric_day row read. */
        long rowsDecoded;

        /**
         * The answers over every row (summary, correlation, calendar effects, hourly profile) from the archetypes'
         * totals, which are kept too.
         */
        void addTotals(List<String> types, TypeTotals[] totals, Map<String, Long> serversOfType, Map<String, double[]> targets)
                throws IOException {
            for (int t = 0; t < types.size(); t++) {
                state.put(types.get(t), totals[t].bytes());
            }
            for (int t = 0; t < types.size(); t++) {
                String type = types.get(t);
                TypeTotals tt = totals[t];
                WelfordMoments moments = tt.moments();
                long n = moments.count();
                for (Metric m : Metric.ALL) {
                    int k = m.ordinal();
                    HundredthsHistogram h = tt.values[k];
                    summary.add(new Object[] {type, m.column(), serversOfType.get(type), n,
                            nullIfNaN(moments.mean(k)), nullIfNaN(Math.sqrt(moments.sampleVariance(k))),
                            nullIfNaN(h.percentileCont(SUMMARY_PERCENTILES[0])), nullIfNaN(h.percentileCont(SUMMARY_PERCENTILES[1])),
                            nullIfNaN(h.percentileCont(SUMMARY_PERCENTILES[2])),
                            n == 0 ? null : tt.min[k], n == 0 ? null : tt.max[k], share(tt.atLower[k], n), share(tt.atUpper[k], n)});
                }
                if (n == 0) {
                    continue;
                }
                double[] target = targets.get(type);
                if (target != null) {
                    int p = 0;
                    for (int i = 0; i < CORRELATED.size(); i++) {
                        for (int j = i + 1; j < CORRELATED.size(); j++) {
                            Double observed = nullIfNaN(moments.correlation(CORRELATED.get(i).ordinal(), CORRELATED.get(j).ordinal()));
                            correlation.add(new Object[] {type, CORRELATED.get(i).column(), CORRELATED.get(j).column(), n, observed,
                                    target[p], observed == null ? null : observed - target[p]});
                            p++;
                        }
                    }
                }
                for (int e = 0; e < EFFECTS.size(); e++) {
                    long in = tt.effectRows[e][0];
                    long out = tt.effectRows[e][1];
                    Object[] r = new Object[4 + 3 * EFFECT_METRICS.size()];
                    r[0] = type;
                    r[1] = EFFECTS.get(e);
                    r[2] = in;
                    r[3] = out;
                    for (int j = 0; j < EFFECT_METRICS.size(); j++) {
                        Double inside = in == 0 ? null : TypeTotals.sum(tt.effectCents[e][0][j], tt.effectSums[e][0][j]) / in;
                        Double outside = out == 0 ? null : TypeTotals.sum(tt.effectCents[e][1][j], tt.effectSums[e][1][j]) / out;
                        r[4 + 3 * j] = inside;
                        r[5 + 3 * j] = outside;
                        r[6 + 3 * j] = inside == null || outside == null || outside == 0 ? null : inside / outside;
                    }
                    effects.add(r);
                }
                for (int hour = 0; hour < 24; hour++) {
                    for (int kind = 0; kind < 2; kind++) {
                        long rows = tt.hourRows[hour][kind];
                        if (rows > 0) {
                            Object[] r = new Object[4 + Metric.ALL.size()];
                            r[0] = type;
                            r[1] = hour;
                            r[2] = kind == 1 ? "weekend" : "weekday";
                            r[3] = rows;
                            for (Metric m : Metric.ALL) {
                                int at = (hour * 2 + kind) * Metric.ALL.size() + m.ordinal();
                                r[4 + m.ordinal()] = TypeTotals.sum(tt.hourCents[at], tt.hourSums[at]) / rows;
                            }
                            hourly.add(r);
                        }
                    }
                }
            }
        }

        private static Double nullIfNaN(double v) {
            return Double.isNaN(v) ? null : v;
        }

        private static Double share(long count, long n) {
            return n == 0 ? null : (double) count / n;
        }

        void add(Answers o) {
            rowsDecoded += o.rowsDecoded;
            state.putAll(o.state);
            summary.addAll(o.summary);
            correlation.addAll(o.correlation);
            effects.addAll(o.effects);
            daily.addAll(o.daily);
            monthly.addAll(o.monthly);
            hourly.addAll(o.hourly);
            window.addAll(o.window);
            days += o.days;
            stamps += o.stamps;
        }

        /**
         * Writes the answers in the computing transaction: the whole-dataset answers replaced, the daily and
         * monthly ones of the recomputed months, the totals kept with the chunks they now hold, and the counts.
         */
        void write(DSLContext tx, CopyManager copy, Fold fold) throws SQLException, IOException {
            replace(tx, copy, AGG_SUMMARY, summary);
            replace(tx, copy, AGG_CORRELATION, correlation);
            replace(tx, copy, AGG_CALENDAR_EFFECTS, effects);
            org.jooq.Condition days = fold.within(AGG_DAILY.DAY);
            tx.deleteFrom(AGG_DAILY).where(days == null ? DSL.trueCondition() : days).execute();
            append(tx, copy, AGG_DAILY, daily);
            org.jooq.Condition months = fold.within(AGG_MONTHLY.MONTH);
            tx.deleteFrom(AGG_MONTHLY).where(months == null ? DSL.trueCondition() : months).execute();
            append(tx, copy, AGG_MONTHLY, monthly);
            replace(tx, copy, AGG_HOURLY_PROFILE, hourly);
            replace(tx, copy, AGG_SERVER_WINDOW, window);
            tx.deleteFrom(AGG_STATE).execute();
            for (Map.Entry<String, byte[]> e : state.entrySet()) {
                tx.insertInto(AGG_STATE).set(AGG_STATE.SERVER_TYPE, e.getKey()).set(AGG_STATE.STATE, e.getValue()).execute();
            }
            if (fold.startOver) {
                tx.deleteFrom(AGG_FOLDED).execute();
            }
            List<Object[]> folded = new ArrayList<>();
            fold.fresh.stream().forEach(chunk -> folded.add(new Object[] {chunk}));
            append(tx, copy, AGG_FOLDED, folded);
            tx.deleteFrom(ROLLUP_STATE).execute();
            tx.insertInto(ROLLUP_STATE).set(ROLLUP_STATE.ID, 1).set(ROLLUP_STATE.DAYS, fold.days + this.days)
                    .set(ROLLUP_STATE.STAMPS, fold.stamps + stamps).execute();
        }

        /** Replaces a table's rows. */
        private static void replace(DSLContext tx, CopyManager copy, Table<?> table, List<Object[]> rows) throws SQLException, IOException {
            tx.deleteFrom(table).execute();
            append(tx, copy, table, rows);
        }

        /** Adds rows to a table with COPY in text format (values are numbers, dates and fleetgen's own names). */
        private static void append(DSLContext tx, CopyManager copy, Table<?> table, List<Object[]> rows) throws SQLException, IOException {
            if (rows.isEmpty()) {
                return;
            }
            StringBuilder text = new StringBuilder(rows.size() * 160);
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        text.append('\t');
                    }
                    Object v = row[i];
                    if (v == null) {
                        text.append("\\N");
                    } else if (v instanceof String str) {
                        for (int k = 0; k < str.length(); k++) {
                            char ch = str.charAt(k);
                            switch (ch) {
                                case '\\' -> text.append("\\\\");
                                case '\t' -> text.append("\\t");
                                case '\n' -> text.append("\\n");
                                case '\r' -> text.append("\\r");
                                default -> text.append(ch);
                            }
                        }
                    } else {
                        // Double.toString is the shortest text that reads back as the same double, as PostgreSQL reads it.
                        text.append(v);
                    }
                }
                text.append('\n');
            }
            StringBuilder columns = new StringBuilder();
            for (org.jooq.Field<?> f : table.fields()) {
                columns.append(columns.length() == 0 ? "" : ", ").append(tx.render(f.getUnqualifiedName()));
            }
            String sql = "COPY " + tx.render(table) + " (" + columns + ") FROM STDIN";
            if (copy == null) {
                tx.connection(c -> {
                    TextInserts inserts = new TextInserts(c, sql);
                    inserts.write(text.toString());
                    inserts.end();
                });
            } else {
                copy.copyIn(sql, new java.io.StringReader(text.toString()));
            }
        }
    }
}
