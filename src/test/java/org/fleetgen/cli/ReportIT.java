package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fleetgen.testing.Chromium;
import org.fleetgen.testing.FleetgenProcess;
import org.fleetgen.testing.Json;
import org.fleetgen.testing.TestDatabases;
import org.fleetgen.testing.TestDatabases.Db;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleetgen report}: the file written by the packaged jar is opened in a real headless Chromium,
 * which must show every chart, log no error, request nothing, and show the views' numbers. The harness
 * is shown to catch each kind of failure on planted copies. What cannot be reported is refused in one
 * line with nothing written, on both servers.
 */
class ReportIT {
    private static final List<String> COMMON_CHARTS = commonCharts();

    @TempDir
    Path dir;

    private static List<String> commonCharts() {
        List<String> ids = new ArrayList<>(List.of("fleet-server_type", "fleet-region", "fleet-business_unit", "fleet-criticality"));
        List<String> metrics = List.of("cpu_p95", "mem_p95", "disk_p95", "net_in_p95", "net_out_p95");
        metrics.forEach(m -> ids.add("dist-" + m));
        ids.add("clipped");
        List.of("application", "batch", "database", "web").forEach(a -> ids.add("corr-" + a));
        ids.add("calendar");
        metrics.forEach(m -> ids.addAll(List.of("daily-" + m, "monthly-" + m)));
        ids.addAll(List.of("risk-levels", "risk-scatter", "fidelity"));
        return ids;
    }

    private CliRun run(Db db, String schema, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(extra));
        args.addAll(db.cliArgs(schema, dir.resolve("pw")));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static Path chromium() {
        var binary = Chromium.binary();
        Assumptions.assumeTrue(binary.isPresent(), "no Chromium here (apt-get install chromium, or set FLEETGEN_CHROMIUM): browser tests skipped");
        return binary.get();
    }

    /** Writes the report with the packaged jar, as a user would. */
    private Path reportByProcess(Db db, String schema, String name) throws Exception {
        Path out = dir.resolve(name);
        Path log = dir.resolve(name + ".log");
        List<String> args = new ArrayList<>(List.of("report", "--out", out.toString()));
        args.addAll(db.cliArgs(schema, dir.resolve("pw")));
        Process p = FleetgenProcess.start(log, args);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "report finished");
        assertEquals(0, p.exitValue(), Files.readString(log));
        assertTrue(Files.readString(log).contains("fleetgen: wrote " + out), Files.readString(log));
        return out;
    }

    @Test
    void hourlyReportRendersOfflineWithTheViewsNumbers() throws Exception {
        Path browser = chromium();
        Db db = TestDatabases.embedded();
        String schema = TestDatabases.freshSchema("report_hourly");
        assertEquals(0, run(db, schema, "load", "--quiet", "--servers", "16", "--granularity", "hourly",
                "--start", "2024-01-01", "--end", "2024-03-31").exitCode());
        Path html = reportByProcess(db, schema, "hourly.html");
        List<String> charts = new ArrayList<>(COMMON_CHARTS);
        charts.addAll(charts.indexOf("risk-levels"), List.of("hourly-cpu_p95", "hourly-mem_p95", "hourly-net_in_p95"));
        try (Chromium c = Chromium.start(browser, dir.resolve("chromium.log"), 1280, 900)) {
            c.open(html);
            c.await("window.fleetgenReport && window.fleetgenReport.ready");
            assertEquals(List.of(), c.errors(), "console errors");
            assertEquals(List.of(), c.requests(), "network requests");
            assertEquals(List.of(), unrendered(c, charts));
            assertShowsTheViews(c, db, schema);
            assertEquals(8L, c.evaluate("echarts.getInstanceByDom(document.getElementById('chart-hourly-cpu_p95')).getOption().series.length"));
            c.screenshot(Path.of("target", "report-hourly.png"), 0);
            c.screenshot(Path.of("target", "report-hourly-top.png"), 1400);
            // Printable: Chromium prints it (A4, print styles) to a PDF of several pages, charts redrawn for the page width.
            byte[] pdf = java.util.Base64.getDecoder().decode((String) c.call("Page.printToPDF",
                    "{\"paperWidth\":8.27,\"paperHeight\":11.69,\"printBackground\":false}").get("data"));
            Files.write(Path.of("target", "report-hourly.pdf"), pdf);
            assertTrue(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1).equals("%PDF-") && pdf.length > 100_000,
                    "a PDF of " + pdf.length + " bytes");
            assertTrue(new String(pdf, java.nio.charset.StandardCharsets.ISO_8859_1).split("/Type\\s*/Page[^s]", -1).length - 1 >= 5,
                    "several pages");
            assertEquals(List.of(), c.errors(), "console errors while printing");
        }
        assertTrue(Files.size(Path.of("target", "report-hourly.png")) > 100_000, "a screenshot with something in it");
        db.dropSchema(schema);
    }

    @Test
    void dailyReportRendersAndSaysWhyThereIsNoHourlyProfile() throws Exception {
        Path browser = chromium();
        Db db = TestDatabases.embedded();
        String schema = TestDatabases.freshSchema("report_daily");
        CliRun load = run(db, schema, "load", "--servers", "30", "--start", "2023-01-01", "--end", "2024-12-31");
        assertEquals(0, load.exitCode(), load.err());
        // The load says how to write the report.
        assertTrue(load.err().contains("fleetgen: a report with charts: fleetgen report --schema " + schema
                + " --out fleetgen-report.html (with this load's --url and --user)"), load.err());
        Path html = dir.resolve("daily.html");
        CliRun r = run(db, schema, "report", "--out", html.toString());
        assertEquals(0, r.exitCode(), r.err());
        try (Chromium c = Chromium.start(browser, dir.resolve("chromium.log"), 1280, 900)) {
            c.open(html);
            c.await("window.fleetgenReport && window.fleetgenReport.ready");
            assertEquals(List.of(), c.errors(), "console errors");
            assertEquals(List.of(), c.requests(), "network requests");
            assertEquals(List.of(), unrendered(c, COMMON_CHARTS));
            assertEquals(Boolean.TRUE, c.evaluate("document.getElementById('hourly-absent') !== null"));
            assertShowsTheViews(c, db, schema);
            // The daily trend has a point per day of the dataset for every archetype.
            assertEquals(731L, c.evaluate("echarts.getInstanceByDom(document.getElementById('chart-daily-cpu_p95'))"
                    + ".getOption().series[0].data.length"));
        }
        db.dropSchema(schema);
    }

    /**
     * Charts of the page that are missing or drew nothing: each expected chart must be an SVG of some size with
     * marks in it, and the page must hold no chart the test does not expect.
     */
    private static List<String> unrendered(Chromium c, List<String> expected) throws Exception {
        Object state = Json.parse((String) c.evaluate("JSON.stringify(Array.from(document.querySelectorAll('.chart')).map(function (el) {"
                + "var r = el.getBoundingClientRect(); return {id: el.id, svgs: el.querySelectorAll('svg').length,"
                + "marks: el.querySelectorAll('svg path, svg rect, svg text').length, w: r.width, h: r.height}; }))"));
        List<String> problems = new ArrayList<>();
        List<String> found = new ArrayList<>();
        for (Object chart : Json.array(state)) {
            String id = ((String) Json.at(chart, "id")).substring("chart-".length());
            found.add(id);
            long svgs = (Long) Json.at(chart, "svgs");
            long marks = (Long) Json.at(chart, "marks");
            double w = ((Number) Json.at(chart, "w")).doubleValue();
            double h = ((Number) Json.at(chart, "h")).doubleValue();
            if (svgs < 1 || marks < 10 || w < 200 || h < 200) {
                problems.add(id + String.format(Locale.ROOT, " (svg %d, marks %d, %.0fx%.0f)", svgs, marks, w, h));
            }
        }
        if (!found.equals(expected)) {
            problems.add("charts on the page " + found + ", expected " + expected);
        }
        return problems;
    }

    /** One archetype's numbers: the summary table and the distribution charts show archetype_summary's values; the risk table its counts. */
    private static void assertShowsTheViews(Chromium c, Db db, String schema) throws Exception {
        int rows = 0;
        try (Connection conn = db.connect(); Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + schema + ".archetype_summary WHERE server_type = 'web' ORDER BY metric")) {
            while (rs.next()) {
                rows++;
                String metric = rs.getString("metric");
                String row = "#summary-table tr[data-archetype=\"web\"][data-metric=\"" + metric + "\"] ";
                for (String col : List.of("mean", "stddev", "p05", "p50", "p95", "min", "max")) {
                    assertEquals(String.format(Locale.ROOT, "%.2f", rs.getDouble(col)),
                            c.evaluate("document.querySelector('" + row.replace("'", "\\'") + "td[data-col=\"" + col + "\"]').textContent"),
                            "web " + metric + " " + col);
                }
                assertEquals(String.format(Locale.ROOT, "%,d", rs.getLong("rows")),
                        c.evaluate("document.querySelector('" + row.replace("'", "\\'") + "td[data-col=\"rows\"]').textContent"));
                // The chart draws the very doubles of the view: min, p05, p50, p95, max.
                Object box = Json.parse((String) c.evaluate("(function () { var o = echarts.getInstanceByDom(document.getElementById("
                        + "'chart-dist-" + metric + "')).getOption(); var i = o.xAxis[0].data.indexOf('web');"
                        + "return JSON.stringify(o.series[0].data[i].value); })()"));
                List<Double> expected = new ArrayList<>();
                for (String col : List.of("min", "p05", "p50", "p95", "max")) {
                    expected.add(rs.getDouble(col));
                }
                assertEquals(expected, Json.array(box).stream().map(v -> ((Number) v).doubleValue()).toList(), "box of web " + metric);
            }
        }
        assertEquals(5, rows, "web has five metrics in the view");
        try (Connection conn = db.connect(); Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE risk_level = 'very_high'), count(*) FILTER (WHERE risk_level = 'high'), "
                     + "count(*) FILTER (WHERE underutilized) FROM "
                     + schema + ".server_capacity_risk WHERE server_type = 'web'")) {
            rs.next();
            Object cells = Json.parse((String) c.evaluate("JSON.stringify(Array.from(document.querySelectorAll('#risk-counts tbody tr'))"
                    + ".filter(function (tr) { return tr.cells[0].textContent === 'web'; })"
                    + ".map(function (tr) { return Array.from(tr.cells).map(function (td) { return td.textContent; }); })[0])"));
            assertEquals(List.of("web", Long.toString(rs.getLong(1)), Long.toString(rs.getLong(2)), Long.toString(rs.getLong(3)),
                            Long.toString(rs.getLong(4))),
                    Json.array(cells));
        }
    }

    /** The harness fails on each kind of defect it is there to catch: an exception, a blocked or a made request, a chart that drew nothing. */
    @Test
    void theBrowserChecksCatchPlantedDefects() throws Exception {
        Path browser = chromium();
        Db db = TestDatabases.embedded();
        String schema = TestDatabases.freshSchema("report_planted");
        assertEquals(0, run(db, schema, "load", "--quiet", "--servers", "12", "--start", "2024-01-01", "--end", "2024-06-30").exitCode());
        Path html = dir.resolve("good.html");
        assertEquals(0, run(db, schema, "report", "--quiet", "--out", html.toString()).exitCode());
        String good = Files.readString(html);
        assertTrue(good.contains("Content-Security-Policy") && good.contains("draw('calendar', function"), "the planting points exist");

        Map<String, String> planted = Map.of(
                "exception", beforeBodyEnd(good, "<script>throw new Error('planted failure');</script>"),
                "blocked", beforeBodyEnd(good, "<img src=\"http://192.0.2.1/planted-blocked.png\">"),
                "request", beforeBodyEnd(good.replaceFirst("<meta http-equiv=\"Content-Security-Policy\"[^>]*>", ""),
                        "<img src=\"http://127.0.0.1:9/planted-request.png\">"),
                "empty-chart", good.replace("draw('calendar', function", "draw('calendar-renamed', function"));
        for (Map.Entry<String, String> p : planted.entrySet()) {
            Path file = dir.resolve("planted-" + p.getKey() + ".html");
            Files.writeString(file, p.getValue());
            try (Chromium c = Chromium.start(browser, dir.resolve("chromium-" + p.getKey() + ".log"), 1280, 900)) {
                c.open(file);
                try {
                    c.await("window.fleetgenReport && window.fleetgenReport.ready");
                } catch (java.io.IOException e) {
                    throw new AssertionError(p.getKey() + ": " + e.getMessage() + "; errors " + c.errors(), e);
                }
                Thread.sleep(300);  // a refused image is logged after the load event
                List<String> errors = c.errors();
                List<String> requests = c.requests();
                List<String> unrendered = unrendered(c, COMMON_CHARTS);
                switch (p.getKey()) {
                    case "exception" -> assertTrue(errors.stream().anyMatch(e -> e.contains("planted failure")), "caught: " + errors);
                    case "blocked" -> assertTrue(errors.stream().anyMatch(e -> e.contains("planted-blocked.png")),
                            "a request refused by the policy is an error: " + errors + " " + requests);
                    case "request" -> assertTrue(requests.stream().anyMatch(u -> u.contains("planted-request.png")), "recorded: " + requests);
                    default -> assertTrue(unrendered.stream().anyMatch(u -> u.startsWith("calendar ")), "found: " + unrendered);
                }
                if (!p.getKey().equals("empty-chart")) {
                    assertEquals(List.of(), unrendered, p.getKey() + " leaves the charts alone");
                }
            }
        }
        // And the untouched file passes the same checks.
        try (Chromium c = Chromium.start(browser, dir.resolve("chromium-good.log"), 1280, 900)) {
            c.open(html);
            c.await("window.fleetgenReport && window.fleetgenReport.ready");
            Thread.sleep(300);
            assertEquals(List.of(), c.errors());
            assertEquals(List.of(), c.requests());
        }
        db.dropSchema(schema);
    }

    /** The page's own end of body (the inlined library's code holds the same text in a string). */
    private static String beforeBodyEnd(String html, String planted) {
        int end = html.lastIndexOf("</body>");
        return html.substring(0, end) + planted + html.substring(end);
    }

    /** No dataset, an unfinished load, stale views, an unwritable --out: one line, the usual exit code, nothing written. */
    @Test
    void refusesWhatItCannotReportAndWritesNothing() throws Exception {
        for (Db db : TestDatabases.all()) {
            Path keep = dir.resolve("keep-" + db.name() + ".html");
            Files.writeString(keep, "the user's file");

            String empty = TestDatabases.freshSchema("report_empty");
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + empty);
            }
            assertRefused(db, empty, keep, 1, "holds no fleetgen dataset");
            assertRefused(db, TestDatabases.freshSchema("report_absent"), keep, 1, "holds no fleetgen dataset");

            String partial = TestDatabases.freshSchema("report_partial");
            assertEquals(0, run(db, partial, "load", "--quiet", "--servers", "20", "--start", "2024-01-01", "--end", "2024-12-31",
                    "--chunk-rows", "366", "--shard", "0/2").exitCode());
            assertRefused(db, partial, keep, 1, "is not complete");

            String stale = TestDatabases.freshSchema("report_stale");
            assertEquals(0, run(db, stale, "load", "--quiet", "--servers", "12", "--start", "2024-01-01", "--end", "2024-03-31",
                    "--no-refresh").exitCode());
            assertRefused(db, stale, keep, 1, "run fleetgen refresh");
            assertEquals(0, run(db, stale, "refresh", "--quiet").exitCode());
            CliRun ok = run(db, stale, "report", "--quiet", "--out", keep.toString());
            assertEquals(0, ok.exitCode(), ok.err());
            assertTrue(Files.readString(keep).startsWith("<!DOCTYPE html>"), "replaced by the report once there is one");
            Files.writeString(keep, "the user's file");

            assertRefused(db, stale, dir, 2, "--out");
            assertRefused(db, stale, dir.resolve("no-such-dir").resolve("r.html"), 2, "--out");
            CliRun missing = run(db, stale, "report");
            assertEquals(2, missing.exitCode(), missing.err());
            assertTrue(missing.err().contains("--out"), missing.err());
            for (String s : List.of(empty, partial, stale)) {
                db.dropSchema(s);
            }
        }
    }

    private void assertRefused(Db db, String schema, Path out, int exit, String message) throws Exception {
        List<Path> before = listing();
        String content = Files.isRegularFile(out) ? Files.readString(out) : null;
        CliRun r = run(db, schema, "report", "--out", out.toString());
        assertEquals(exit, r.exitCode(), db + " " + schema + ": " + r.err());
        assertEquals(1, r.errLines(), r.err());
        assertTrue(r.err().contains(message), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals(before, listing(), "no file created or removed");
        if (content != null) {
            assertEquals(content, Files.readString(out), "the file at --out is untouched");
        }
    }

    private List<Path> listing() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> !f.getFileName().toString().equals("pw")).sorted().toList();
        }
    }
}
