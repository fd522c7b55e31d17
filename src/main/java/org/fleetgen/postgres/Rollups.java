package org.fleetgen.postgres;

import static org.fleetgen.jooq.Tables.AGG_CALENDAR_EFFECTS;
import static org.fleetgen.jooq.Tables.AGG_CORRELATION;
import static org.fleetgen.jooq.Tables.AGG_DAILY;
import static org.fleetgen.jooq.Tables.AGG_HOURLY_PROFILE;
import static org.fleetgen.jooq.Tables.AGG_MONTHLY;
import static org.fleetgen.jooq.Tables.AGG_SERVER_WINDOW;
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
 * ({@code metric_day}), never from {@code server_metrics}: one pass over the rollups in day order, in
 * this JVM, then one transaction that replaces the answers.
 *
 * <p>The answers are those of the views' former full-scan SQL: counts, minima, maxima and percentiles
 * exactly (percentiles as PostgreSQL's {@code percentile_cont}, from exact order statistics: counts per
 * hundredth over the whole dataset or a month, selection within a day or a server's window); means,
 * standard deviations and correlations from Welford's updates, within 1e-12 of PostgreSQL's. Memory is
 * bounded by a month of one archetype's values per metric at most, as counts.
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
     * Recomputes every answer from the rollups and replaces the old ones, in one transaction. The
     * archetypes are split over up to {@code parallelism} readers (each reads its archetypes' rollups on its
     * own connection, in day order), balanced by servers.
     */
    public void aggregate(int parallelism) throws DatabaseException {
        try {
            Map<String, Integer> servers = new TreeMap<>();
            for (Record r : pool.dsl().select(SERVER.SERVER_TYPE, DSL.count()).from(SERVER).groupBy(SERVER.SERVER_TYPE).fetch()) {
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
                            answers.add(read(types));
                        }
                    });
            if (failure != null) {
                throw failure;
            }
            Answers all = new Answers();
            answers.forEach(all::add);
            try (Connection c = pool.connection()) {
                c.setAutoCommit(false);
                try {
                    all.write(DSL.using(c, SQLDialect.POSTGRES), c.unwrap(PGConnection.class).getCopyAPI());
                    c.commit();
                } finally {
                    if (!c.getAutoCommit()) {
                        c.rollback();
                    }
                }
            }
        } catch (DatabaseException e) {
            throw e;
        } catch (Exception e) {
            throw DatasetStore.failure("cannot compute the views from the rollups", e);
        }
    }

    /** The answers for some archetypes, from their rollups read in day order. */
    private Answers read(List<String> types) throws SQLException, IOException, DatabaseException {
        try (Connection c = pool.connection()) {
            c.setAutoCommit(false);
            try {
                DSLContext tx = DSL.using(c, SQLDialect.POSTGRES);
                // The day-ordered read sorts this reader's rollups; let it do so in memory.
                tx.execute("SET LOCAL work_mem = '256MB'");
                Aggregation a = new Aggregation(tx, c, types);
                String select = tx.renderInlined(DSL.select(METRIC_DAY.SERVER_KEY, METRIC_DAY.DAY, METRIC_DAY.ENCODED).from(METRIC_DAY)
                        .where(METRIC_DAY.SERVER_KEY.in(DSL.select(SERVER.SERVER_KEY).from(SERVER).where(SERVER.SERVER_TYPE.in(types))))
                        .orderBy(METRIC_DAY.DAY, METRIC_DAY.SERVER_KEY));
                try (BinaryCopyReader in = new BinaryCopyReader(
                        new PGCopyInputStream(c.unwrap(PGConnection.class), "COPY (" + select + ") TO STDOUT (FORMAT binary)"))) {
                    readBinaryCopy(in, a, a.daily);
                }
                a.finish();
                a.readWindows(c, tx, types);
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
     */
    private static void readBinaryCopy(BinaryCopyReader in, Aggregation a, boolean daily) throws IOException {
        TreeMap<LocalDate, List<Map.Entry<Integer, DayValues>>> pending = new TreeMap<>();
        while (in.nextRow() != -1) {
            a.rowsRead++;
            in.readInt();
            int serverKey = in.readInt();
            in.readInt();
            LocalDate first = LocalDate.ofEpochDay(POSTGRES_EPOCH_DAY + in.readInt());
            DayValues row = DayValues.decode(in.readBytes(in.readInt()));
            if (!daily) {
                a.add(serverKey, first, row);
                continue;
            }
            while (!pending.isEmpty() && pending.firstKey().isBefore(first)) {
                Map.Entry<LocalDate, List<Map.Entry<Integer, DayValues>>> day = pending.pollFirstEntry();
                day.getValue().forEach(v -> a.add(v.getKey(), day.getKey(), v.getValue()));
            }
            for (int i = 0; i < row.size(); i++) {
                pending.computeIfAbsent(first.plusDays(row.hour(i)), k -> new ArrayList<>()).add(Map.entry(serverKey, row.single(i)));
            }
        }
        pending.forEach((day, values) -> values.forEach(v -> a.add(v.getKey(), day, v.getValue())));
    }

    /** Per archetype, metric by metric. */
    private static final class TypeTotals {
        final HundredthsHistogram[] values = new HundredthsHistogram[Metric.ALL.size()];
        final double[] min = new double[Metric.ALL.size()];
        final double[] max = new double[Metric.ALL.size()];
        final long[] atLower = new long[Metric.ALL.size()];
        final long[] atUpper = new long[Metric.ALL.size()];
        /** The moments of the rows in hundredths, exactly; of any other row, by Welford's updates. */
        final HundredthsMoments exact = new HundredthsMoments(Metric.ALL.size());
        final WelfordMoments moments = new WelfordMoments(Metric.ALL.size());
        /** Per effect, inside (0) and outside (1): rows, then the sums of EFFECT_METRICS. */
        final long[][] effectRows = new long[EFFECTS.size()][2];
        final double[][][] effectSums = new double[EFFECTS.size()][2][EFFECT_METRICS.size()];
        /** Per hour and day kind (0 weekday, 1 weekend): rows and sums of every metric. */
        final long[][] hourRows = new long[24][2];
        /** Sums per hour, day kind and metric, at [(hour * 2 + kind) * metrics + metric]. */
        final double[] hourSums = new double[24 * 2 * Metric.ALL.size()];

        WelfordMoments moments() {
            WelfordMoments all = exact.toWelford();
            all.merge(moments);
            return all;
        }

        TypeTotals() {
            for (Metric m : Metric.ALL) {
                values[m.ordinal()] = new HundredthsHistogram((int) Math.round(m.max() * 100) + 1);
                min[m.ordinal()] = Double.POSITIVE_INFINITY;
                max[m.ordinal()] = Double.NEGATIVE_INFINITY;
            }
        }
    }

    /** One archetype's values over a period (a day or a month): rows, distinct servers, sums, maxima, and the values for the p95. */
    private static final class Period {
        /** Distinct servers: a server is counted when its mark is not this period's (marks outlive resets). */
        private int[] marks = new int[64];
        private int period = 1;
        private long servers;
        long rows;
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
            Arrays.fill(sum, 0);
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
            if (monthValues != null) {
                for (HundredthsHistogram h : monthValues) {
                    h.clear();
                }
            }
        }

        /** Adds a server's day; {@code daySum} and {@code dayMax} are its sums and maxima per metric. */
        void add(int serverKey, DayValues d, double[] daySum, double[] dayMax) {
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
                r[4 + 3 * k] = sum[k] / rows;
                r[5 + 3 * k] = p95(m);
                r[6 + 3 * k] = max[k];
            }
            return r;
        }
    }

    /** A server's values in the risk window. */
    private static final class Window {
        long rows;
        double cpuSum;
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
                cpuSum += d.value(Metric.CPU, i);
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
        private final List<Object[]> dailyRows = new ArrayList<>();
        private final List<Object[]> monthlyRows = new ArrayList<>();
        private final double[] row = new double[Metric.ALL.size()];
        private final double[] daySum = new double[Metric.ALL.size()];
        private final double[] dayMax = new double[Metric.ALL.size()];
        private final int[][] cents = new int[Metric.ALL.size()][];

        Aggregation(DSLContext tx, Connection c, List<String> onlyTypes) throws SQLException {
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
            for (Record r : tx.selectFrom(ARCHETYPE).fetch()) {
                targets.put(r.get(ARCHETYPE.SERVER_TYPE), new double[] {r.get(ARCHETYPE.CPU_MEM_CORRELATION), r.get(ARCHETYPE.CPU_DISK_CORRELATION),
                        r.get(ARCHETYPE.CPU_NET_CORRELATION), r.get(ARCHETYPE.MEM_DISK_CORRELATION), r.get(ARCHETYPE.MEM_NET_CORRELATION),
                        r.get(ARCHETYPE.DISK_NET_CORRELATION)});
            }
            totals = new TypeTotals[types.size()];
            day = new Period[types.size()];
            month = new Period[types.size()];
            for (int t = 0; t < types.size(); t++) {
                totals[t] = new TypeTotals();
                day[t] = new Period(false);
                month[t] = new Period(true);
            }
            daily = !"hourly".equals(tx.select(DATASET.GRANULARITY).from(DATASET).fetchOne(DATASET.GRANULARITY));
            Record risk = tx.select(RISK_SETTINGS.WINDOW_DAYS, DATASET.END_DATE).from(RISK_SETTINGS).crossJoin(DATASET).fetchOne();
            windowDays = risk == null ? null : risk.get(RISK_SETTINGS.WINDOW_DAYS);
            windowEnd = risk == null ? null : risk.get(DATASET.END_DATE);
            windowStart = risk == null ? null : windowEnd.minusDays(windowDays - 1L);
        }

        void add(int serverKey, LocalDate date, DayValues d) {
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
            stampsRead += d.size();
            boolean[] flags = calendar.get(date);
            if (flags == null) {
                throw new IllegalStateException("metric_day has day " + date + ", which the calendar lacks");
            }
            int kind = date.getDayOfWeek().getValue() >= DayOfWeek.SATURDAY.getValue() ? 1 : 0;
            TypeTotals tt = totals[t];
            int n = d.size();
            int metrics = Metric.ALL.size();
            boolean inHundredths = true;
            // One pass per metric for every statistic of the day; sums add in row order as before, so they are the same doubles.
            for (Metric m : Metric.ALL) {
                int k = m.ordinal();
                double[] v = d.valuesOf(m);
                double bound = m.max();
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                double s = 0;
                long atLower = 0;
                long atUpper = 0;
                for (int i = 0; i < n; i++) {
                    double x = v[i];
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                    s += x;
                    atLower += x <= 0 ? 1 : 0;
                    atUpper += x >= bound ? 1 : 0;
                    tt.hourSums[(d.hour(i) * 2 + kind) * metrics + k] += x;
                }
                tt.min[k] = Math.min(tt.min[k], lo);
                tt.max[k] = Math.max(tt.max[k], hi);
                tt.atLower[k] += atLower;
                tt.atUpper[k] += atUpper;
                daySum[k] = s;
                dayMax[k] = hi;
                cents[k] = d.hundredthsOf(m);
                inHundredths &= cents[k] != null;
            }
            // A calendar effect is a property of the whole day: add the day's sums once per effect.
            for (int e = 0; e < EFFECTS.size(); e++) {
                int side = flags[e] ? 0 : 1;
                tt.effectRows[e][side] += n;
                for (int j = 0; j < EFFECT_METRICS.size(); j++) {
                    tt.effectSums[e][side][j] += daySum[EFFECT_METRICS.get(j).ordinal()];
                }
            }
            if (!inHundredths || !tt.exact.add(cents, n)) {
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < row.length; k++) {
                        row[k] = d.value(Metric.ALL.get(k), i);
                    }
                    tt.moments.add(row);
                }
            }
            for (int i = 0; i < n; i++) {
                tt.hourRows[d.hour(i)][kind]++;
            }
            day[t].add(serverKey, d, daySum, dayMax);
            month[t].add(serverKey, d, daySum, dayMax);
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
                    // The whole dataset's counts are the months' counts added up.
                    for (Metric m : Metric.ALL) {
                        totals[t].values[m.ordinal()].addAll(month[t].monthValues[m.ordinal()]);
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
        void readWindows(Connection c, DSLContext tx, List<String> onlyTypes) throws SQLException, IOException {
            if (windowStart == null) {
                return;
            }
            // A row of daily data holds a month from its first day: start a month early and keep the window's days.
            LocalDate from = daily ? windowStart.minusDays(31) : windowStart;
            String select = tx.renderInlined(DSL.select(METRIC_DAY.SERVER_KEY, METRIC_DAY.DAY, METRIC_DAY.ENCODED).from(METRIC_DAY)
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
                    DayValues row = DayValues.decode(in.readBytes(in.readInt()));
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
                    PercentileCont.of(w.values[2], (int) w.rows, DAILY_PERCENTILE), w.cpuSum / w.rows});
        }

        Answers answers() {
            Answers answers = new Answers();
            List<Object[]> summary = answers.summary;
            List<Object[]> correlation = answers.correlation;
            List<Object[]> effects = answers.effects;
            List<Object[]> hourly = answers.hourly;
            answers.daily.addAll(dailyRows);
            answers.monthly.addAll(monthlyRows);
            answers.days = rowsRead;
            answers.stamps = stampsRead;
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
                        Double inside = in == 0 ? null : tt.effectSums[e][0][j] / in;
                        Double outside = out == 0 ? null : tt.effectSums[e][1][j] / out;
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
                                r[4 + m.ordinal()] = tt.hourSums[(hour * 2 + kind) * Metric.ALL.size() + m.ordinal()] / rows;
                            }
                            hourly.add(r);
                        }
                    }
                }
            }
            answers.window.addAll(windowRows);
            return answers;
        }

        private static Double nullIfNaN(double v) {
            return Double.isNaN(v) ? null : v;
        }

        private static Double share(long count, long n) {
            return n == 0 ? null : (double) count / n;
        }

    }

    /** Rows of the agg_* tables, from one or more readers, and what they were computed from. */
    private static final class Answers {
        final List<Object[]> summary = new ArrayList<>();
        final List<Object[]> correlation = new ArrayList<>();
        final List<Object[]> effects = new ArrayList<>();
        final List<Object[]> daily = new ArrayList<>();
        final List<Object[]> monthly = new ArrayList<>();
        final List<Object[]> hourly = new ArrayList<>();
        final List<Object[]> window = new ArrayList<>();
        long days;
        long stamps;

        void add(Answers o) {
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

        void write(DSLContext tx, CopyManager copy) throws SQLException, IOException {
            replace(tx, copy, AGG_SUMMARY, summary);
            replace(tx, copy, AGG_CORRELATION, correlation);
            replace(tx, copy, AGG_CALENDAR_EFFECTS, effects);
            replace(tx, copy, AGG_DAILY, daily);
            replace(tx, copy, AGG_MONTHLY, monthly);
            replace(tx, copy, AGG_HOURLY_PROFILE, hourly);
            replace(tx, copy, AGG_SERVER_WINDOW, window);
            tx.deleteFrom(ROLLUP_STATE).execute();
            tx.insertInto(ROLLUP_STATE).set(ROLLUP_STATE.ID, 1).set(ROLLUP_STATE.DAYS, days).set(ROLLUP_STATE.STAMPS, stamps).execute();
        }

        /** Replaces a table's rows with COPY in text format (values are numbers, dates and fleetgen's own names). */
        private static void replace(DSLContext tx, CopyManager copy, Table<?> table, List<Object[]> rows) throws SQLException, IOException {
            tx.deleteFrom(table).execute();
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
            copy.copyIn("COPY " + tx.render(table) + " (" + columns + ") FROM STDIN",
                    new java.io.StringReader(text.toString()));
        }
    }
}
