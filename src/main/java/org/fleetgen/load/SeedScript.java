package org.fleetgen.load;

import static org.fleetgen.jooq.Tables.ARCHETYPE;
import static org.fleetgen.jooq.Tables.DATASET;
import static org.fleetgen.jooq.Tables.RISK_SETTINGS;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fleetgen.config.DatasetParameters;
import org.fleetgen.config.Granularity;
import org.fleetgen.config.RiskThresholds;
import org.fleetgen.fleet.ArchetypeProfile;
import org.fleetgen.postgres.SchemaMigrator;
import org.fleetgen.sample.TimeGrid;
import org.fleetgen.simulation.ChunkPlan;
import org.fleetgen.simulation.Dataset;
import org.fleetgen.sink.SinkException;
import org.fleetgen.sink.TextOutput;
import org.fleetgen.sink.sql.SqlSeedSink;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * A seed script: one SQL file that psql runs into an empty database (or that a postgres container runs
 * from /docker-entrypoint-initdb.d/) to create the dataset a load would create, in one transaction: the
 * schema's migrations and fleetgen's history of them, the reference tables and manifest, every chunk's
 * partitions with their rows, keys, rollups and ledger rows, and the views' answers. A schema made this way is a
 * finished fleetgen dataset: verify, query, refresh and reloads treat it as one.
 */
public final class SeedScript {
    private SeedScript() {
    }

    /**
     * The chunk size a seed uses: a whole server per chunk, as an export cuts the fleet, recorded in the
     * manifest so that verify cuts the same chunks.
     */
    static int chunkRows(TimeGrid grid) {
        return grid.dayCount() * (grid.granularity() == Granularity.HOURLY ? 24 : 1);
    }

    /** The chunks and partitions of a seed: one chunk per server, so a seed and an export cut the fleet alike. */
    public static ChunkPlan plan(Dataset dataset) {
        return dataset.chunks(chunkRows(dataset.grid()));
    }

    public static SqlSeedSink open(Dataset dataset, String schema, RiskThresholds risk, String fleetgenVersion, TextOutput out)
            throws SinkException {
        return new SqlSeedSink(out, preamble(dataset, schema, risk, fleetgenVersion), epilogue());
    }

    private static String preamble(Dataset dataset, String schema, RiskThresholds risk, String version) {
        DSLContext sql = DSL.using(SQLDialect.POSTGRES);
        TimeGrid grid = dataset.grid();
        String parameters = new DatasetParameters(dataset.config(), chunkRows(grid)).canonical();
        StringBuilder s = new StringBuilder()
                .append("-- fleetgen seed script, fleetgen ").append(version).append('\n')
                .append("-- dataset: ").append(parameters).append('\n')
                .append("-- Run it into an empty database: psql -v ON_ERROR_STOP=1 -f FILE, or from /docker-entrypoint-initdb.d/.\n")
                .append("\\set ON_ERROR_STOP on\n")
                .append("SET client_min_messages = warning;\n")
                .append("BEGIN;\n")
                .append("CREATE SCHEMA IF NOT EXISTS ").append(sql.render(DSL.name(schema))).append(";\n")
                .append("SET LOCAL search_path = ").append(sql.render(DSL.name(schema))).append(";\n");
        for (String path : SchemaMigrator.SCRIPTS) {
            s.append("\n-- ").append(path).append('\n').append(SchemaMigrator.script(path)).append('\n');
        }
        s.append(SchemaMigrator.historySql());

        s.append(ReferenceTables.SERVER_COPY).append(";\n");
        ReferenceTables.serverRows(dataset, s::append);
        s.append("\\.\n").append(ReferenceTables.CALENDAR_COPY).append(";\n");
        ReferenceTables.calendarRows(dataset, dataset.config().start(), s::append);
        s.append("\\.\n");
        if (dataset.scenario().groundTruth() != null) {
            s.append(ReferenceTables.EVENT_COPY).append(";\n");
            ReferenceTables.eventRows(dataset, Long.MIN_VALUE, s::append);
            s.append("\\.\n").append(ReferenceTables.EXPECTED_COPY).append(";\n");
            ReferenceTables.expectedRows(dataset, 0, s::append);
            s.append("\\.\n");
        }
        for (ArchetypeProfile p : dataset.profiles()) {
            Map<org.jooq.Field<?>, Object> row = new LinkedHashMap<>();
            row.put(ARCHETYPE.SERVER_TYPE, p.key());
            row.put(ARCHETYPE.DISPLAY_NAME, p.displayName());
            p.fields().forEach((field, value) -> row.put(ARCHETYPE.field(field), value));
            s.append(sql.renderInlined(DSL.insertInto(ARCHETYPE).set(row))).append(";\n");
        }
        var config = dataset.config();
        s.append(sql.renderInlined(DSL.insertInto(DATASET)
                .set(DATASET.ID, 1)
                .set(DATASET.MODEL, dataset.model().name())
                .set(DATASET.FLEETGEN_VERSION, version)
                .set(DATASET.PARAMETERS, parameters)
                .set(DATASET.SEED, config.seed())
                .set(DATASET.SERVERS, config.servers())
                .set(DATASET.START_DATE, config.start())
                .set(DATASET.END_DATE, config.end())
                .set(DATASET.GRANULARITY, config.granularity().label())
                .set(DATASET.EXPECTED_ROWS, dataset.rows())
                .set(DATASET.CHUNK_COUNT, dataset.servers().length)
                .set(DATASET.CREATED_AT, OffsetDateTime.now(ZoneOffset.UTC)))).append(";\n");
        s.append(sql.renderInlined(DSL.insertInto(RISK_SETTINGS)
                .set(RISK_SETTINGS.ID, 1)
                .set(RISK_SETTINGS.WINDOW_DAYS, risk.windowDays())
                .set(RISK_SETTINGS.HIGH_RISK_THRESHOLD, risk.highRisk())
                .set(RISK_SETTINGS.VERY_HIGH_RISK_THRESHOLD, risk.veryHighRisk())
                .set(RISK_SETTINGS.UNDERUTILIZED_THRESHOLD, risk.underutilized()))).append(";\n");
        return s.toString();
    }

    private static String epilogue() {
        String answers;
        try (InputStream in = SeedScript.class.getResourceAsStream("seed-answers.sql")) {
            answers = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("seed-answers.sql is missing from the build", e);
        }
        return answers
                + "INSERT INTO rollup_state SELECT 1, count(*), coalesce(sum(stamps), 0) FROM metric_day;\n"
                + "UPDATE dataset SET completed_at = now();\n"
                + "COMMIT;\n";
    }
}
