package org.fleetgen.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.fleetgen.load.FidelityReport;
import org.fleetgen.postgres.DatasetManifest;
import org.fleetgen.sample.Metric;

/**
 * One self-contained HTML file from a {@link ReportData}: tables written here, charts drawn when the file
 * is opened by the inlined ECharts from a JSON block of the same numbers. A Content-Security-Policy in
 * the file itself forbids every request (scripts and styles are inline, images only {@code data:}), so
 * opening it offline, or mailed, or from a ticket, fetches nothing.
 *
 * <p>Every text from the database is escaped for where it lands: HTML text and attributes, or JSON inside
 * a script element ({@code <}, {@code >} and {@code &} as {@code \\u} escapes, so no value can close it).
 */
public final class HtmlReport {
    /** Rows listed per risk category; the chart and the counts cover every server. */
    public static final int LISTED_SERVERS = 25;
    private static final String RESOURCES = "/org/fleetgen/report/";
    private static final String CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";
    private static final List<String> DIMENSIONS = List.of("region", "business_unit", "criticality");
    private static final List<Metric> CALENDAR_METRICS = List.of(Metric.CPU, Metric.MEM, Metric.NET_IN);

    private final ReportData data;
    private final String version;
    private final StringBuilder html = new StringBuilder(1 << 20);
    private final List<String> archetypes;

    public HtmlReport(ReportData data, String fleetgenVersion) {
        this.data = data;
        this.version = fleetgenVersion;
        Set<String> types = new TreeSet<>();
        ViewTable summary = data.view("archetype_summary");
        for (Object[] r : summary.rows()) {
            types.add(String.valueOf(r[summary.column("server_type")]));
        }
        this.archetypes = List.copyOf(types);
    }

    /** The ids of the charts the file draws, in page order: what a reader (or a test) should find rendered. */
    public List<String> chartIds() {
        List<String> ids = new ArrayList<>(List.of("fleet-server_type", "fleet-region", "fleet-business_unit", "fleet-criticality"));
        Metric.ALL.forEach(m -> ids.add("dist-" + m.column()));
        ids.add("clipped");
        archetypes.forEach(a -> ids.add("corr-" + a));
        ids.add("calendar");
        Metric.ALL.forEach(m -> ids.addAll(List.of("daily-" + m.column(), "monthly-" + m.column())));
        if (data.hourly()) {
            CALENDAR_METRICS.forEach(m -> ids.add("hourly-" + m.column()));
        }
        ids.add("risk-levels");
        ids.add("risk-scatter");
        ids.add("fidelity");
        return ids;
    }

    public void write(OutputStream out) throws IOException {
        out.write(render().getBytes(StandardCharsets.UTF_8));
    }

    public String render() {
        html.setLength(0);
        DatasetManifest m = data.manifest();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CSP).append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"fleetgen ").append(attr(version)).append("\">\n")
                .append("<title>fleetgen report: ").append(text(data.schema())).append("</title>\n<style>\n")
                .append(resource("report.css")).append("</style>\n</head>\n<body>\n");
        html.append("<header><h1>fleetgen report: schema <code>").append(text(data.schema())).append("</code></h1>\n<p class=\"lede\">")
                .append(text(String.format(Locale.ROOT, "%,d servers, %s to %s, %s, %,d rows, model %s, seed %d.",
                        m.servers(), m.startDate(), m.endDate(), m.granularity(), m.expectedRows(), m.model(), m.seed())))
                .append(" Every number here is read from the schema's views; charts are drawn by the ECharts library inlined in this file, which makes no network request.</p>\n");
        html.append("<nav><a href=\"#dataset\">Dataset</a> <a href=\"#distributions\">Distributions</a> <a href=\"#correlations\">Correlations</a> "
                + "<a href=\"#calendar-effects\">Calendar effects</a> <a href=\"#trends\">Trends</a> <a href=\"#hourly\">Hourly profile</a> "
                + "<a href=\"#risk\">Capacity risk</a> <a href=\"#fidelity-check\">Fidelity</a></nav></header>\n<main>\n");
        dataset();
        distributions();
        correlations();
        calendar();
        trends();
        hourly();
        risk();
        fidelity();
        html.append("</main>\n<footer>Written by fleetgen ").append(text(version))
                .append(" from schema <code>").append(text(data.schema())).append("</code>. Charts: Apache ECharts <span id=\"echarts-version\"></span> "
                        + "(Apache License 2.0), inlined.</footer>\n");
        html.append("<script type=\"application/json\" id=\"report-data\">").append(json()).append("</script>\n");
        html.append("<script>\n/*\n").append(resource("echarts/NOTICE").replace("*/", "* /")).append("*/\n")
                .append(resource("echarts/echarts.min.js")).append("\n</script>\n");
        html.append("<script>\n").append(resource("report.js")).append("</script>\n</body>\n</html>\n");
        return html.toString();
    }

    // ---- sections -------------------------------------------------------------------------------------

    private void dataset() {
        DatasetManifest m = data.manifest();
        section("dataset", "The dataset");
        html.append("<div class=\"cols\"><table class=\"kv\"><tbody>\n");
        kv("model", m.model());
        kv("seed", Long.toString(m.seed()));
        kv("servers", String.format(Locale.ROOT, "%,d", m.servers()));
        kv("dates", m.startDate() + " to " + m.endDate());
        kv("granularity", m.granularity());
        kv("rows", String.format(Locale.ROOT, "%,d", m.expectedRows()));
        kv("chunks", String.format(Locale.ROOT, "%,d", m.chunkCount()));
        kv("loaded by", "fleetgen " + m.fleetgenVersion());
        kv("load started", String.valueOf(m.createdAt()));
        kv("load completed", String.valueOf(m.completedAt()));
        html.append("<tr><th>parameters</th><td><code class=\"params\">").append(text(m.parameters())).append("</code></td></tr>\n");
        html.append("</tbody></table>\n");
        html.append("<table class=\"grid\" id=\"fleet-table\"><thead><tr><th>archetype</th><th>servers</th>");
        html.append("<th>regions</th><th>business units</th><th>criticalities</th>");
        html.append("</tr></thead><tbody>\n");
        ViewTable fleet = data.fleet();
        for (String a : archetypes) {
            List<Object[]> rows = fleet.where(Map.of("server_type", a));
            html.append("<tr><td>").append(text(a)).append("</td><td class=\"n\">").append(rows.size()).append("</td>");
            for (String d : DIMENSIONS) {
                Set<String> values = new TreeSet<>();
                rows.forEach(r -> values.add(String.valueOf(r[fleet.column(d)])));
                html.append("<td class=\"n\">").append(values.size()).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody></table></div>\n<div class=\"charts\">\n");
        figure("fleet-server_type", "Servers per archetype: the fleet's composition, which weights every per-archetype figure below.");
        figure("fleet-region", "Servers per region, split by archetype: regions are drawn independently of the archetype.");
        figure("fleet-business_unit", "Servers per business unit, split by archetype: look for units that own mostly one kind of server.");
        figure("fleet-criticality", "Servers per criticality, split by archetype: High-criticality servers at risk below matter most.");
        html.append("</div></section>\n");
    }

    private void distributions() {
        section("distributions", "Distributions per archetype and metric");
        html.append("<div class=\"charts\">\n");
        for (Metric m : Metric.ALL) {
            figure("dist-" + m.column(), String.format(Locale.ROOT, "%s (%s) per archetype: the box spans the 5th to the 95th percentile "
                    + "with the median inside, whiskers reach the minimum and maximum, the dot is the mean.", label(m), m.unit()));
        }
        figure("clipped", "Share of rows clipped at a bound, per archetype and metric: a high share means the model's "
                + "spread runs past the metric's range and the percentiles near that bound are flattened.");
        html.append("</div>\n");
        ViewTable s = data.view("archetype_summary");
        html.append("<table class=\"grid\" id=\"summary-table\"><thead><tr><th>archetype</th><th>metric</th><th>servers</th><th>rows</th>"
                + "<th>mean</th><th>stddev</th><th>p05</th><th>p50</th><th>p95</th><th>min</th><th>max</th>"
                + "<th>at lower bound</th><th>at upper bound</th></tr></thead><tbody>\n");
        for (Object[] r : s.rows()) {
            html.append("<tr data-archetype=\"").append(attr(String.valueOf(r[s.column("server_type")])))
                    .append("\" data-metric=\"").append(attr(String.valueOf(r[s.column("metric")]))).append("\">");
            cell(s, r, "server_type", null);
            cell(s, r, "metric", null);
            cell(s, r, "servers", "%,d");
            cell(s, r, "rows", "%,d");
            for (String c : List.of("mean", "stddev", "p05", "p50", "p95", "min", "max")) {
                cell(s, r, c, "%.2f");
            }
            percentCell(s, r, "share_at_lower_bound");
            percentCell(s, r, "share_at_upper_bound");
            html.append("</tr>\n");
        }
        html.append("</tbody></table>\n<p class=\"note\">Percentiles are continuous (interpolated), as PostgreSQL's percentile_cont; "
                + "the lower bound is 0, the upper bound 100 % for cpu, mem and disk, 1000 Mbps for net_in and 600 Mbps for net_out.</p>\n");
        html.append("</section>\n");
    }

    private void correlations() {
        section("correlations", "Correlations: observed next to the model's targets");
        html.append("<div class=\"charts\">\n");
        for (String a : archetypes) {
            figure("corr-" + a, "The " + a + " servers' Pearson correlations (left) next to the profile's target correlations of the "
                    + "underlying normals (right): the shared calendar factor raises the cpu, mem and net pairs and lowers the pairs with disk.");
        }
        html.append("</div></section>\n");
    }

    private void calendar() {
        section("calendar-effects", "Calendar effects");
        html.append("<div class=\"charts\">\n");
        figure("calendar", "Mean cpu inside each calendar period divided by the mean outside it, per archetype: below 1 the period is "
                + "quieter (weekends, holidays), above 1 busier (quarter-ends).");
        html.append("</div>\n");
        ViewTable e = data.view("archetype_calendar_effects");
        html.append("<table class=\"grid\" id=\"calendar-table\"><thead><tr><th>archetype</th><th>period</th><th>rows in</th><th>rows out</th>"
                + "<th>cpu ratio</th><th>mem ratio</th><th>net_in ratio</th></tr></thead><tbody>\n");
        for (Object[] r : e.rows()) {
            html.append("<tr>");
            cell(e, r, "server_type", null);
            cell(e, r, "effect", null);
            cell(e, r, "rows_in", "%,d");
            cell(e, r, "rows_out", "%,d");
            cell(e, r, "cpu_ratio", "%.3f");
            cell(e, r, "mem_ratio", "%.3f");
            cell(e, r, "net_in_ratio", "%.3f");
            html.append("</tr>\n");
        }
        html.append("</tbody></table></section>\n");
    }

    private void trends() {
        section("trends", "Daily and monthly trends");
        html.append("<div class=\"charts\">\n");
        for (Metric m : Metric.ALL) {
            figure("daily-" + m.column(), String.format(Locale.ROOT, "Daily mean %s (%s) per archetype: weekly dips, quarter-end bumps "
                    + "and the slow growth of the model show here.", label(m), m.unit()));
            figure("monthly-" + m.column(), String.format(Locale.ROOT, "Monthly 95th percentile of %s (%s) per archetype: the level "
                    + "capacity planning sizes for, month by month.", label(m), m.unit()));
        }
        html.append("</div></section>\n");
    }

    private void hourly() {
        section("hourly", "Hourly profile");
        if (!data.hourly()) {
            html.append("<p class=\"note\" id=\"hourly-absent\">This dataset is daily: every row is stamped at midnight, so there is no "
                    + "profile over the hours of the day. Load with --granularity hourly to see one.</p></section>\n");
            return;
        }
        html.append("<div class=\"charts\">\n");
        for (Metric m : CALENDAR_METRICS) {
            figure("hourly-" + m.column(), String.format(Locale.ROOT, "Mean %s (%s) per hour of day, weekdays (solid) and weekends "
                    + "(dashed), per archetype: business hours lift the weekday curves.", label(m), m.unit()));
        }
        html.append("</div></section>\n");
    }

    private void risk() {
        ViewTable r = data.view("server_capacity_risk");
        section("risk", "Capacity risk");
        html.append(String.format(Locale.ROOT, "<p>Over the last %d days of the dataset: a server is at <b>very high</b> risk when the "
                        + "largest of its cpu, mem and disk 95th percentiles reaches %.0f, at <b>high</b> risk from %.0f, and "
                        + "<b>underutilised</b> when its mean cpu is below %.0f (thresholds of the schema's risk_settings; "
                        + "fleetgen refresh changes them).</p>\n",
                data.risk().windowDays(), data.risk().veryHighRisk(), data.risk().highRisk(), data.risk().underutilized()));
        html.append("<div class=\"charts\">\n");
        figure("risk-levels", "Servers per risk level and archetype: which kinds of server run out of headroom first.");
        figure("risk-scatter", "Each server's mean cpu against the largest of its p95s over the window, coloured by risk level: "
                + "the top band needs capacity, the left band can give it back.");
        html.append("</div>\n");
        html.append("<table class=\"grid\" id=\"risk-counts\"><thead><tr><th>archetype</th><th>servers</th><th>very high</th><th>high</th>"
                + "<th>underutilised</th></tr></thead><tbody>\n");
        for (String a : archetypes) {
            List<Object[]> rows = r.where(Map.of("server_type", a));
            long veryHigh = rows.stream().filter(x -> "very_high".equals(x[r.column("risk_level")])).count();
            long high = rows.stream().filter(x -> "high".equals(x[r.column("risk_level")])).count();
            long under = rows.stream().filter(x -> Boolean.TRUE.equals(x[r.column("underutilized")])).count();
            html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td class=\"n\">%d</td><td class=\"n\">%d</td><td class=\"n\">%d</td>"
                    + "<td class=\"n\">%d</td></tr>\n", text(a), rows.size(), veryHigh, high, under));
        }
        html.append("</tbody></table>\n");
        Comparator<Object[]> byMaxDesc = Comparator.comparingDouble((Object[] x) -> -r.number(x, "max_p95"));
        riskList(r, "risk-very_high", "Servers at very high risk", x -> "very_high".equals(x[r.column("risk_level")]), byMaxDesc);
        riskList(r, "risk-high", "Servers at high risk", x -> "high".equals(x[r.column("risk_level")]), byMaxDesc);
        riskList(r, "risk-underutilized", "Underutilised servers", x -> Boolean.TRUE.equals(x[r.column("underutilized")]),
                Comparator.comparingDouble((Object[] x) -> r.number(x, "avg_cpu")));
        html.append("</section>\n");
    }

    private void riskList(ViewTable r, String id, String title, java.util.function.Predicate<Object[]> which, Comparator<Object[]> order) {
        List<Object[]> rows = r.rows().stream().filter(which).sorted(order.thenComparing(x -> String.valueOf(x[r.column("server_id")]))).toList();
        html.append("<h3>").append(text(title)).append(String.format(Locale.ROOT, " (%,d%s)</h3>\n", rows.size(),
                rows.size() > LISTED_SERVERS ? ", the first " + LISTED_SERVERS + " listed" : ""));
        if (rows.isEmpty()) {
            html.append("<p class=\"note\">None.</p>\n");
            return;
        }
        html.append("<table class=\"grid\" id=\"").append(id).append("\"><thead><tr><th>server</th><th>archetype</th><th>application</th>"
                + "<th>business unit</th><th>criticality</th><th>region</th><th>cpu p95</th><th>mem p95</th><th>disk p95</th>"
                + "<th>mean cpu</th><th>max p95</th></tr></thead><tbody>\n");
        for (Object[] x : rows.subList(0, Math.min(LISTED_SERVERS, rows.size()))) {
            html.append("<tr>");
            for (String c : List.of("server_id", "server_type", "app_name", "business_unit", "criticality", "region")) {
                cell(r, x, c, null);
            }
            for (String c : List.of("cpu_p95", "mem_p95", "disk_p95", "avg_cpu", "max_p95")) {
                cell(r, x, c, "%.2f");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody></table>\n");
    }

    private void fidelity() {
        List<FidelityReport.Check> checks = data.fidelity();
        long outside = checks.stream().filter(c -> !c.ok()).count();
        section("fidelity-check", "Fidelity check");
        html.append("<p id=\"fidelity-verdict\" class=\"").append(outside == 0 ? "pass" : "fail").append("\">")
                .append(outside == 0 ? String.format(Locale.ROOT, "PASS: all %d statistics are within tolerance of what the model implies.", checks.size())
                        : String.format(Locale.ROOT, "FLAGGED: %d of %d statistics are outside tolerance of what the model implies.", outside, checks.size()))
                .append(" (As <code>fleetgen verify --fidelity</code>: a tolerance is four standard errors plus a small allowance.)</p>\n");
        html.append("<div class=\"charts wide\">\n");
        figure("fidelity", "Each statistic's difference from the model's value in units of its tolerance: a bar past ±1 is flagged.");
        html.append("</div>\n<table class=\"grid\" id=\"fidelity-table\"><thead><tr><th>archetype</th><th>statistic</th><th>observed</th>"
                + "<th>implied</th><th>difference</th><th>tolerance</th><th>verdict</th></tr></thead><tbody>\n");
        for (FidelityReport.Check c : checks) {
            html.append("<tr class=\"").append(c.ok() ? "pass" : "fail").append("\"><td>").append(text(c.archetype())).append("</td><td>")
                    .append(text(c.quantity())).append("</td>")
                    .append(String.format(Locale.ROOT, "<td class=\"n\">%.4f</td><td class=\"n\">%.4f</td><td class=\"n\">%+.4f</td>"
                            + "<td class=\"n\">±%.4f</td>", c.observed(), c.implied(), c.difference(), c.tolerance()))
                    .append("<td>").append(c.ok() ? "pass" : "FAIL").append("</td></tr>\n");
        }
        html.append("</tbody></table></section>\n");
    }

    // ---- the charts' numbers --------------------------------------------------------------------------

    private String json() {
        JsonText j = new JsonText();
        j.begin();
        j.key("archetypes").strings(archetypes);
        j.key("metrics").beginArray();
        for (Metric m : Metric.ALL) {
            j.begin().key("column").string(m.column()).key("label").string(label(m)).key("unit").string(m.unit())
                    .key("short").string(m.column().replace("_p95", "")).end();
        }
        j.endArray();
        j.key("hourly").bool(data.hourly());
        fleetJson(j);
        summaryJson(j);
        correlationJson(j);
        calendarJson(j);
        seriesJson(j, "daily", data.view("archetype_daily"), "day");
        seriesJson(j, "monthly", data.view("archetype_monthly"), "month");
        if (data.hourly()) {
            hourlyJson(j);
        }
        riskJson(j);
        j.key("fidelity").beginArray();
        for (FidelityReport.Check c : data.fidelity()) {
            j.begin().key("label").string(c.archetype() + " " + c.quantity()).key("score")
                    .number(c.tolerance() > 0 ? c.difference() / c.tolerance() : Double.NaN).key("ok").bool(c.ok()).end();
        }
        j.endArray();
        j.end();
        return j.toString();
    }

    private void fleetJson(JsonText j) {
        ViewTable fleet = data.fleet();
        j.key("fleet").begin();
        for (String d : List.of("server_type", "region", "business_unit", "criticality")) {
            Set<String> categories = new TreeSet<>();
            fleet.rows().forEach(r -> categories.add(String.valueOf(r[fleet.column(d)])));
            List<String> cats = List.copyOf(categories);
            j.key(d).begin().key("categories").strings(cats).key("counts").begin();
            for (String a : archetypes) {
                int[] counts = new int[cats.size()];
                for (Object[] r : fleet.where(Map.of("server_type", a))) {
                    counts[cats.indexOf(String.valueOf(r[fleet.column(d)]))]++;
                }
                j.key(a).beginArray();
                for (int c : counts) {
                    j.number(c);
                }
                j.endArray();
            }
            j.end().end();
        }
        j.end();
    }

    private void summaryJson(JsonText j) {
        ViewTable s = data.view("archetype_summary");
        j.key("summary").begin();
        for (String a : archetypes) {
            j.key(a).begin();
            for (Object[] r : s.where(Map.of("server_type", a))) {
                j.key(String.valueOf(r[s.column("metric")])).begin().key("box").beginArray();
                for (String c : List.of("min", "p05", "p50", "p95", "max")) {
                    j.number(s.number(r, c));
                }
                j.endArray().key("mean").number(s.number(r, "mean"))
                        .key("lower").number(s.number(r, "share_at_lower_bound"))
                        .key("upper").number(s.number(r, "share_at_upper_bound")).end();
            }
            j.end();
        }
        j.end();
    }

    private void correlationJson(JsonText j) {
        ViewTable c = data.view("archetype_correlation");
        List<String> metrics = new ArrayList<>(new LinkedHashSet<>(c.rows().stream()
                .flatMap(r -> java.util.stream.Stream.of(String.valueOf(r[c.column("metric_a")]), String.valueOf(r[c.column("metric_b")])))
                .toList()));
        metrics.sort(Comparator.comparingInt(name -> Metric.columns().indexOf(name)));
        j.key("correlation").begin().key("metrics").strings(metrics).key("archetypes").begin();
        for (String a : archetypes) {
            double[][] observed = identity(metrics.size());
            double[][] target = identity(metrics.size());
            for (Object[] r : c.where(Map.of("server_type", a))) {
                int x = metrics.indexOf(String.valueOf(r[c.column("metric_a")]));
                int y = metrics.indexOf(String.valueOf(r[c.column("metric_b")]));
                observed[x][y] = observed[y][x] = c.number(r, "observed");
                target[x][y] = target[y][x] = c.number(r, "target");
            }
            j.key(a).begin().key("observed").matrix(observed).key("target").matrix(target).end();
        }
        j.end().end();
    }

    private static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(m[i], Double.NaN);
            m[i][i] = 1;
        }
        return m;
    }

    private void calendarJson(JsonText j) {
        ViewTable e = data.view("archetype_calendar_effects");
        List<String> effects = new ArrayList<>(new LinkedHashSet<>(e.rows().stream().map(r -> String.valueOf(r[e.column("effect")])).toList()));
        j.key("calendar").begin().key("effects").strings(effects).key("cpu_ratio").begin();
        for (String a : archetypes) {
            j.key(a).beginArray();
            for (String effect : effects) {
                List<Object[]> rows = e.where(Map.of("server_type", a, "effect", effect));
                j.number(rows.isEmpty() ? Double.NaN : e.number(rows.get(0), "cpu_ratio"));
            }
            j.endArray();
        }
        j.end().end();
    }

    /** Per archetype, per metric: avg and p95 over the time axis; values to 0.01 (the data's own resolution). */
    private void seriesJson(JsonText j, String key, ViewTable t, String timeColumn) {
        Set<String> times = new TreeSet<>();
        t.rows().forEach(r -> times.add(String.valueOf(r[t.column(timeColumn)])));
        List<String> axis = List.copyOf(times);
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < axis.size(); i++) {
            index.put(axis.get(i), i);
        }
        j.key(key).begin().key("times").strings(axis).key("series").begin();
        for (String a : archetypes) {
            List<Object[]> rows = t.where(Map.of("server_type", a));
            j.key(a).begin();
            for (Metric m : Metric.ALL) {
                String suffix = m.column().replace("_p95", "");
                for (String stat : List.of("avg_", "p95_")) {
                    double[] values = new double[axis.size()];
                    java.util.Arrays.fill(values, Double.NaN);
                    for (Object[] r : rows) {
                        values[index.get(String.valueOf(r[t.column(timeColumn)]))] = t.number(r, stat + suffix);
                    }
                    j.key(stat + suffix).beginArray();
                    for (double v : values) {
                        j.rounded(v);
                    }
                    j.endArray();
                }
            }
            j.end();
        }
        j.end().end();
    }

    private void hourlyJson(JsonText j) {
        ViewTable h = data.view("archetype_hourly_profile");
        j.key("profile").begin();
        for (String a : archetypes) {
            j.key(a).begin();
            for (String kind : List.of("weekday", "weekend")) {
                j.key(kind).begin();
                for (Metric m : CALENDAR_METRICS) {
                    double[] values = new double[24];
                    java.util.Arrays.fill(values, Double.NaN);
                    for (Object[] r : h.where(Map.of("server_type", a, "day_kind", kind))) {
                        values[((Number) r[h.column("hour")]).intValue()] = h.number(r, "avg_" + m.column().replace("_p95", ""));
                    }
                    j.key(m.column()).beginArray();
                    for (double v : values) {
                        j.rounded(v);
                    }
                    j.endArray();
                }
                j.end();
            }
            j.end();
        }
        j.end();
    }

    private void riskJson(JsonText j) {
        ViewTable r = data.view("server_capacity_risk");
        j.key("risk").begin().key("thresholds").begin().key("high").number(data.risk().highRisk())
                .key("very_high").number(data.risk().veryHighRisk()).key("underutilized").number(data.risk().underutilized()).end();
        j.key("levels").begin();
        for (String a : archetypes) {
            List<Object[]> rows = r.where(Map.of("server_type", a));
            j.key(a).beginArray();
            for (String level : List.of("very_high", "high", "normal")) {
                j.number(rows.stream().filter(x -> level.equals(x[r.column("risk_level")])).count());
            }
            j.endArray();
        }
        j.end().key("points").begin();
        for (String level : List.of("very_high", "high", "normal")) {
            j.key(level).beginArray();
            for (Object[] x : r.rows()) {
                if (level.equals(x[r.column("risk_level")])) {
                    j.beginArray().rounded(r.number(x, "avg_cpu")).rounded(r.number(x, "max_p95"))
                            .string(String.valueOf(x[r.column("server_id")])).endArray();
                }
            }
            j.endArray();
        }
        j.end().end();
    }

    // ---- HTML pieces ----------------------------------------------------------------------------------

    private void section(String id, String title) {
        html.append("<section id=\"").append(id).append("\"><h2>").append(text(title)).append("</h2>\n");
    }

    private void figure(String id, String caption) {
        html.append("<figure><div class=\"chart\" id=\"chart-").append(id).append("\" role=\"img\" aria-label=\"")
                .append(attr(caption)).append("\"></div><figcaption>").append(text(caption)).append("</figcaption></figure>\n");
    }

    private void kv(String key, String value) {
        html.append("<tr><th>").append(text(key)).append("</th><td>").append(text(value)).append("</td></tr>\n");
    }

    private void cell(ViewTable t, Object[] row, String column, String format) {
        Object v = row[t.column(column)];
        html.append(format == null ? "<td data-col=\"" + column + "\">" : "<td class=\"n\" data-col=\"" + column + "\">");
        if (v == null) {
            html.append("&ndash;");
        } else if (format == null) {
            html.append(text(String.valueOf(v)));
        } else if (format.contains("d")) {
            html.append(String.format(Locale.ROOT, format, ((Number) v).longValue()));
        } else {
            double d = ((Number) v).doubleValue();
            html.append(Double.isFinite(d) ? String.format(Locale.ROOT, format, d) : "&ndash;");
        }
        html.append("</td>");
    }

    private void percentCell(ViewTable t, Object[] row, String column) {
        double v = t.number(row, column);
        html.append("<td class=\"n\" data-col=\"").append(column).append("\">")
                .append(Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f %%", 100 * v) : "&ndash;").append("</td>");
    }

    private static String label(Metric m) {
        return switch (m) {
            case CPU -> "CPU p95";
            case MEM -> "memory p95";
            case DISK -> "disk p95";
            case NET_IN -> "network in p95";
            case NET_OUT -> "network out p95";
        };
    }

    /** HTML text: the five characters that can start markup or end an attribute are escaped. */
    static String text(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String attr(String s) {
        return text(s);
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("fleetgen was built without " + RESOURCES + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCES + name, e);
        }
    }
}
