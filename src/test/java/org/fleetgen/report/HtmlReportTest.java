package org.fleetgen.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fleetgen.config.RiskThresholds;
import org.fleetgen.load.FidelityReport;
import org.fleetgen.postgres.DatasetManifest;
import org.fleetgen.testing.Json;
import org.junit.jupiter.api.Test;

/**
 * The HTML of a report from made-up view rows: text from the database (which anyone with write access
 * to the schema controls) cannot add markup or scripts, in tables, attributes or the JSON block;
 * undefined numbers stay undefined; the page holds exactly the charts it announces.
 */
class HtmlReportTest {
    private static final List<String> TYPES = List.of("application", "batch", "database", "web");
    private static final List<String> METRICS = List.of("cpu", "mem", "disk", "net_in", "net_out");
    private static final String SCRIPT_BREAK = "</script><script>window.pwned=1</script>";
    private static final String MARKUP = "<img src=x onerror=alert(1)>&\"'";

    private static ReportData data(String granularity, int veryHighServers, double ratio) {
        List<Object[]> summary = new ArrayList<>();
        List<Object[]> correlation = new ArrayList<>();
        List<Object[]> effects = new ArrayList<>();
        List<Object[]> daily = new ArrayList<>();
        List<Object[]> monthly = new ArrayList<>();
        List<Object[]> hourly = new ArrayList<>();
        List<Object[]> risk = new ArrayList<>();
        List<Object[]> fleet = new ArrayList<>();
        int server = 0;
        for (String t : TYPES) {
            for (String m : METRICS) {
                summary.add(new Object[] {t, m + "_p95", 3, 300L, 40.5, 9.25, 20.0, 40.0, 60.0, 0.0, 100.0, 0.01, 0.0});
            }
            String[] pairs = {"cpu_p95", "mem_p95", "disk_p95", "net_in_p95"};
            for (int a = 0; a < pairs.length; a++) {
                for (int b = a + 1; b < pairs.length; b++) {
                    correlation.add(new Object[] {t, pairs[a], pairs[b], 300L, 0.5, 0.4, 0.1});
                }
            }
            effects.add(new Object[] {t, "weekend", 80L, 220L, 30.0, 40.0, ratio, 50.0, 55.0, 0.9, 90.0, 100.0, 0.9});
            for (int d = 0; d < 3; d++) {
                daily.add(timeRow(LocalDate.of(2024, 1, 1 + d), t));
            }
            monthly.add(timeRow(LocalDate.of(2024, 1, 1), t));
            for (int h = 0; h < 24; h++) {
                for (String kind : List.of("weekday", "weekend")) {
                    hourly.add(new Object[] {t, h, kind, 10L, 30.0 + h, 50.0, 40.0, 100.0, 60.0});
                }
            }
            for (int i = 0; i < (t.equals("web") ? veryHighServers : 2); i++) {
                String id = t.equals("web") ? "srv\"<>" + i : "server_" + server;
                String level = t.equals("web") ? "very_high" : "normal";
                risk.add(new Object[] {id, t, SCRIPT_BREAK, MARKUP, "High", "EU\u2028", 95.0 + i / 10.0, 50.0, 40.0, 30.0, 95.0 + i / 10.0,
                    level, false});
                fleet.add(new Object[] {id, t, SCRIPT_BREAK, MARKUP, "High", "EU\u2028"});
                server++;
            }
        }
        List<String> timeColumns = new ArrayList<>(List.of("server_type", "servers", "rows"));
        for (String m : METRICS) {
            timeColumns.addAll(List.of("avg_" + m, "p95_" + m, "max_" + m));
        }
        List<String> dailyColumns = new ArrayList<>(List.of("day"));
        dailyColumns.addAll(timeColumns);
        List<String> monthlyColumns = new ArrayList<>(List.of("month"));
        monthlyColumns.addAll(timeColumns);
        Map<String, ViewTable> views = Map.of(
                "archetype_summary", new ViewTable(List.of("server_type", "metric", "servers", "rows", "mean", "stddev", "p05", "p50", "p95",
                        "min", "max", "share_at_lower_bound", "share_at_upper_bound"), summary),
                "archetype_correlation", new ViewTable(List.of("server_type", "metric_a", "metric_b", "rows", "observed", "target",
                        "difference"), correlation),
                "archetype_calendar_effects", new ViewTable(List.of("server_type", "effect", "rows_in", "rows_out", "cpu_in", "cpu_out",
                        "cpu_ratio", "mem_in", "mem_out", "mem_ratio", "net_in_in", "net_in_out", "net_in_ratio"), effects),
                "archetype_daily", new ViewTable(dailyColumns, daily),
                "archetype_monthly", new ViewTable(monthlyColumns, monthly),
                "archetype_hourly_profile", new ViewTable(List.of("server_type", "hour", "day_kind", "rows", "avg_cpu", "avg_mem", "avg_disk",
                        "avg_net_in", "avg_net_out"), hourly),
                "server_capacity_risk", new ViewTable(List.of("server_id", "server_type", "app_name", "business_unit", "criticality", "region",
                        "cpu_p95", "mem_p95", "disk_p95", "avg_cpu", "max_p95", "risk_level", "underutilized"), risk));
        DatasetManifest manifest = new DatasetManifest("reference", "test", "model=reference; servers=" + server, 7, server,
                LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 3), granularity, 300, 4, OffsetDateTime.parse("2026-01-01T00:00:00Z"),
                OffsetDateTime.parse("2026-01-01T00:01:00Z"));
        List<FidelityReport.Check> checks = List.of(new FidelityReport.Check("web", "mean cpu_p95", 40.5, 40.0, 1.0),
                new FidelityReport.Check("web", "cpu ratio weekend", ratio, 0.7, 0.05));
        return new ReportData("fleet", manifest, new ViewTable(List.of("server_id", "server_type", "app_name", "business_unit", "criticality",
                "region"), fleet), views, RiskThresholds.DEFAULTS, checks);
    }

    private static Object[] timeRow(LocalDate day, String type) {
        List<Object> r = new ArrayList<>(List.of(day, type, 3, 3L));
        for (int m = 0; m < METRICS.size(); m++) {
            r.addAll(List.of(30.123 + m, 50.0 + m, 70.0 + m));
        }
        return r.toArray();
    }

    private static String jsonBlock(String html) {
        String open = "<script type=\"application/json\" id=\"report-data\">";
        int start = html.indexOf(open) + open.length();
        return html.substring(start, html.indexOf("</script>", start));
    }

    @Test
    void textFromTheDatabaseCannotAddMarkupOrScripts() {
        String html = new HtmlReport(data("hourly", 3, 0.8), "test").render();
        // The JSON block, the library and the report's own script: no fourth script element, no planted image.
        assertEquals(3, html.split("<script", -1).length - 1, "script elements");
        String page = html.substring(0, html.indexOf("<script type=\"application/json\""));  // all but the scripts
        assertFalse(page.contains("<img"), "no image element");
        assertFalse(html.contains("window.pwned=1</script>"), "the planted script is text, not a script");
        assertTrue(html.contains("&lt;/script&gt;&lt;script&gt;window.pwned=1&lt;/script&gt;"), "shown escaped in the tables");
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;"), "markup shown as text");

        String json = jsonBlock(html);
        assertFalse(json.contains("<") || json.contains(">") || json.contains("&") || json.contains("\u2028"), json);
        Object data = Json.parse(json);
        assertEquals(List.of("EU\u2028"), Json.at(data, "fleet", "region", "categories"), "a line separator survives as data");
        assertEquals(List.of(MARKUP), Json.at(data, "fleet", "business_unit", "categories"));
        assertEquals("srv\"<>0", Json.at(data, "risk", "points", "very_high", 0, 2));
    }

    @Test
    void undefinedNumbersStayUndefined() {
        String html = new HtmlReport(data("daily", 3, Double.NaN), "test").render();
        Object data = Json.parse(jsonBlock(html));
        assertEquals(null, Json.at(data, "calendar", "cpu_ratio", "web", 0), "NaN is null in JSON");
        assertTrue(html.contains("<td class=\"n\" data-col=\"cpu_ratio\">&ndash;</td>"), "and a dash in the table");
        assertEquals(null, Json.at(data, "fidelity", 1, "score"));
    }

    @Test
    void thePageHoldsExactlyTheChartsItAnnounces() {
        for (String granularity : List.of("daily", "hourly")) {
            HtmlReport report = new HtmlReport(data(granularity, 3, 0.8), "test");
            String html = report.render();
            List<String> ids = report.chartIds();
            assertEquals(ids.size(), html.split("class=\"chart\"", -1).length - 1, granularity);
            for (String id : ids) {
                assertTrue(html.contains("<div class=\"chart\" id=\"chart-" + id + "\""), id);
            }
            assertEquals(granularity.equals("hourly"), ids.contains("hourly-cpu_p95"));
            assertEquals(granularity.equals("daily"), html.contains("id=\"hourly-absent\""));
        }
    }

    @Test
    void riskListsAreCappedAndOrderedByTheLargestP95() {
        String html = new HtmlReport(data("daily", 40, 0.8), "test").render();
        String table = html.substring(html.indexOf("<table class=\"grid\" id=\"risk-very_high\">"));
        table = table.substring(0, table.indexOf("</table>"));
        assertEquals(HtmlReport.LISTED_SERVERS, table.split("<tr>", -1).length - 2, "rows listed (besides the header)");
        assertTrue(html.contains("Servers at very high risk (40, the first 25 listed)"));
        assertTrue(table.indexOf("srv&quot;&lt;&gt;39") < table.indexOf("srv&quot;&lt;&gt;38"), "largest max_p95 first");
        assertFalse(table.contains("srv&quot;&lt;&gt;14<"), "the 26th and later are not listed");
    }

    @Test
    void seriesValuesAreRoundedToTheDataResolution() {
        JsonText j = new JsonText();
        j.beginArray();
        for (double v : new double[] {12.3, 30.123, -0.001, 99.999, 1e-9, -4.5, 1234567.891, Double.NaN, Double.POSITIVE_INFINITY}) {
            j.rounded(v);
        }
        j.endArray();
        assertEquals("[12.3,30.12,0,100,0,-4.5,1234567.89,null,null]", j.toString());
    }
}
