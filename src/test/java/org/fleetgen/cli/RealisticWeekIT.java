package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fleetgen.testing.Chromium;
import org.fleetgen.testing.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A week of the realistic model's hourly data, one server per archetype, drawn in headless Chromium (the
 * README's picture, docs/realistic-week.png, is this test's target/realistic-week.png): each archetype's
 * rhythm shows, and is checked in the numbers too (web busier in its business hours than at night, batch
 * the other way round).
 */
class RealisticWeekIT {
    @TempDir
    Path dir;

    @Test
    void aWeekOfHourlyDataPerArchetype() throws Exception {
        var browser = Chromium.binary();
        Assumptions.assumeTrue(browser.isPresent(), "no Chromium here (apt-get install chromium): the week chart is not drawn");
        CliRun export = CliRun.of("export", "--model", "realistic", "--granularity", "hourly", "--servers", "12", "--start", "2024-03-04",
                "--end", "2024-03-11", "--out", "-", "--quiet");
        assertEquals(0, export.exitCode(), export.err());
        List<String> lines = export.out().lines().toList();
        List<String> header = List.of(lines.get(0).split(","));
        int ts = header.indexOf("timestamp");
        int id = header.indexOf("server_id");
        int type = header.indexOf("server_type");
        int region = header.indexOf("region");
        int cpu = header.indexOf("cpu_p95");
        int mem = header.indexOf("mem_p95");
        int net = header.indexOf("net_in_p95");
        // The first server of each archetype, its week (the grid's last 00:00 row left out).
        Map<String, String> serverOf = new LinkedHashMap<>();
        Map<String, List<String[]>> rows = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            serverOf.putIfAbsent(f[type], f[id]);
            if (f[id].equals(serverOf.get(f[type])) && !f[ts].startsWith("2024-03-11")) {
                rows.computeIfAbsent(f[type], k -> new ArrayList<>()).add(f);
            }
        }
        assertEquals(4, rows.size(), "every archetype: " + rows.keySet());
        StringBuilder data = new StringBuilder("[");
        for (Map.Entry<String, List<String[]>> e : rows.entrySet()) {
            List<String[]> week = e.getValue();
            assertEquals(168, week.size(), e.getKey());
            data.append(data.length() > 1 ? "," : "").append(String.format(Locale.ROOT, "{\"type\":\"%s\",\"server\":\"%s\",\"region\":\"%s\",",
                    e.getKey(), week.get(0)[id], week.get(0)[region]));
            for (String[] col : new String[][] {{"t", String.valueOf(ts)}, {"cpu", String.valueOf(cpu)}, {"mem", String.valueOf(mem)},
                {"net", String.valueOf(net)}}) {
                int c = Integer.parseInt(col[1]);
                data.append("\"").append(col[0]).append("\":[");
                for (int i = 0; i < week.size(); i++) {
                    String v = week.get(i)[c];
                    data.append(i == 0 ? "" : ",").append(col[0].equals("t") ? "\"" + v.substring(5, 13) + "h\"" : v);
                }
                data.append("],");
            }
            data.setLength(data.length() - 1);
            data.append("}");
        }
        data.append("]");
        assertRhythms(rows, ts, cpu, region);

        String echarts;
        try (InputStream in = getClass().getResourceAsStream("/org/fleetgen/report/echarts/echarts.min.js")) {
            echarts = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>body{font:13px system-ui,sans-serif;margin:12px}"
                + ".c{width:620px;height:230px;display:inline-block}</style></head><body>"
                + "<h3 style=\"margin:4px\">fleetgen --model realistic: one week of hourly data (2024-03-04 to 03-10, UTC), one server per archetype</h3>"
                + "<div id=\"charts\"></div><script>" + echarts + "</script><script>"
                + "var data = " + data + "; var done = 0;"
                + "data.forEach(function (d) { var el = document.createElement('div'); el.className = 'c'; document.getElementById('charts').appendChild(el);"
                + " echarts.init(el, null, {renderer: 'svg'}).setOption({animation: false, title: {text: d.type + ' (' + d.server + ', ' + d.region + ')', textStyle: {fontSize: 13}},"
                + " legend: {right: 70, top: 0}, grid: {left: 40, right: 50, top: 40, bottom: 24},"
                + " xAxis: {type: 'category', data: d.t, axisLabel: {interval: 23}}, yAxis: [{type: 'value', name: '%', max: 100}, {type: 'value', name: 'Mbps'}],"
                + " series: [{name: 'cpu', type: 'line', showSymbol: false, data: d.cpu}, {name: 'mem', type: 'line', showSymbol: false, data: d.mem},"
                + " {name: 'net_in', type: 'line', showSymbol: false, yAxisIndex: 1, lineStyle: {type: 'dashed'}, data: d.net}]}); done++; });"
                + "window.weekReady = done === data.length;</script></body></html>";
        Path file = dir.resolve("week.html");
        Files.writeString(file, html);
        try (Chromium c = Chromium.start(browser.get(), dir.resolve("chromium.log"), 1300, 560)) {
            c.open(file);
            c.await("window.weekReady === true");
            assertEquals(List.of(), c.errors());
            assertEquals(4L, c.evaluate("document.querySelectorAll('.c svg').length"));
            Object marks = Json.parse((String) c.evaluate("JSON.stringify(Array.from(document.querySelectorAll('.c')).map(function (el) {"
                    + " return el.querySelectorAll('svg path').length; }))"));
            assertTrue(Json.array(marks).stream().allMatch(m -> (Long) m > 10), "every chart drew: " + marks);
            c.screenshot(Path.of("target", "realistic-week.png"), 0);
        }
    }

    /** Web works by day (local business hours beat the local night), batch by night (its local 00-06 window beats the afternoon). */
    private static void assertRhythms(Map<String, List<String[]>> rows, int ts, int cpu, int region) {
        for (String type : List.of("web", "batch")) {
            java.time.ZoneId zone = org.fleetgen.model.realistic.RegionTime.zone(rows.get(type).get(0)[region]);
            double[] sum = new double[2];
            int[] n = new int[2];
            for (String[] r : rows.get(type)) {
                java.time.ZonedDateTime local = LocalDateTime.parse(r[ts].replace(' ', 'T')).atZone(java.time.ZoneOffset.UTC)
                        .withZoneSameInstant(zone);
                if (local.getDayOfWeek().getValue() > 5) {
                    continue;
                }
                int h = local.getHour();
                int k = h >= 9 && h < 17 ? 0 : h < 6 ? 1 : -1;
                if (k >= 0) {
                    sum[k] += Double.parseDouble(r[cpu]);
                    n[k]++;
                }
            }
            double business = sum[0] / n[0];
            double night = sum[1] / n[1];
            assertTrue(type.equals("web") ? business > night * 1.2 : night > business * 1.5,
                    type + ": mean cpu " + business + " in local business hours, " + night + " at night");
        }
    }
}
