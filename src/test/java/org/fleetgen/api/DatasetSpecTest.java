package org.fleetgen.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.fleetgen.cli.Fleetgen;
import org.junit.jupiter.api.Test;

/** The library's rows are the CLI's rows; its parameters are checked as the CLI checks them. */
class DatasetSpecTest {
    /** The CLI's export of the same parameters, as (server, timestamp, five values) lines. */
    private static List<String> export(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("export", "--out", "-", "--quiet"));
        all.addAll(List.of(args));
        int code = Fleetgen.execute(all.toArray(String[]::new), out, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(0, code);
        List<String> lines = new ArrayList<>();
        List<String> csv = out.toString(StandardCharsets.UTF_8).lines().toList();
        List<String> header = List.of(csv.get(0).split(","));
        int ts = header.indexOf("timestamp");
        int id = header.indexOf("server_id");
        int cpu = header.indexOf("cpu_p95");
        for (String line : csv.subList(1, csv.size())) {
            String[] f = line.split(",");
            String t = f[ts].length() == 10 ? f[ts] + "T00:00" : f[ts].replace(' ', 'T');
            lines.add(f[id] + " " + java.time.LocalDateTime.parse(t) + " " + f[cpu] + " " + f[cpu + 1] + " " + f[cpu + 2] + " " + f[cpu + 3]
                    + " " + f[cpu + 4]);
        }
        return lines;
    }

    private static List<String> generated(DatasetSpec spec, int threads) {
        List<String> lines = new ArrayList<>();
        long n = spec.generate(r -> lines.add(r.serverId() + " " + r.timestamp() + " " + fmt(r.cpuP95()) + " " + fmt(r.memP95()) + " "
                + fmt(r.diskP95()) + " " + fmt(r.netInP95()) + " " + fmt(r.netOutP95())), threads);
        assertEquals(n, lines.size());
        assertEquals(spec.rows(), n);
        return lines;
    }

    /** As the CSV prints a value: Python's repr of a float rounded to two decimals. */
    private static String fmt(double v) {
        String s = Double.toString(v);
        return s.contains("E") ? String.format(Locale.ROOT, "%.2f", v) : s;
    }

    @Test
    void rowsAreTheExportsRowsDailyHourlyAndSliced() {
        List<Supplier<DatasetSpec>> specs = List.of(
                () -> DatasetSpec.builder().servers(7).start(LocalDate.of(2024, 1, 1)).end(LocalDate.of(2024, 3, 31)).seed(3).build(),
                () -> DatasetSpec.builder().servers(5).start(LocalDate.of(2023, 12, 30)).end(LocalDate.of(2024, 1, 2))
                        .granularity(DatasetSpec.Granularity.HOURLY).build(),
                () -> DatasetSpec.builder().servers(30).start(LocalDate.of(2024, 1, 1)).end(LocalDate.of(2024, 1, 31))
                        .onlyServers("server_003,server_010-server_012").build());
        List<List<String>> exports = List.of(
                export("--servers", "7", "--start", "2024-01-01", "--end", "2024-03-31", "--seed", "3"),
                export("--servers", "5", "--start", "2023-12-30", "--end", "2024-01-02", "--granularity", "hourly"),
                export("--servers", "30", "--start", "2024-01-01", "--end", "2024-01-31", "--only-servers", "server_003,server_010-server_012"));
        for (int i = 0; i < specs.size(); i++) {
            DatasetSpec spec = specs.get(i).get();
            assertSameLines(exports.get(i), generated(spec, 1), spec.toString());
            assertSameLines(exports.get(i), generated(spec, 3), "threads change nothing: " + spec);
        }
        assertEquals(List.of("server_003", "server_010", "server_011", "server_012"),
                specs.get(2).get().servers().stream().map(ServerInfo::serverId).toList());
    }

    /** Equal lists, or the first line that differs (not both lists: they are long). */
    private static void assertSameLines(List<String> expected, List<String> actual, String what) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), what + ", line " + i);
        }
        assertEquals(expected.size(), actual.size(), what + ": lines");
        assertTrue(expected.size() > 100, what);
    }

    @Test
    void badParametersNameTheParameterAndTheValue() {
        List<Supplier<DatasetSpec>> bad = List.of(
                () -> DatasetSpec.builder().servers(0).build(),
                () -> DatasetSpec.builder().servers(-3).build(),
                () -> DatasetSpec.builder().start(LocalDate.of(2024, 2, 1)).end(LocalDate.of(2024, 1, 1)).build(),
                () -> DatasetSpec.builder().seed(-1).build(),
                () -> DatasetSpec.builder().servers(10).onlyServers("server_010").build(),
                () -> DatasetSpec.builder().onlyServers("server_5").build(),
                () -> DatasetSpec.builder().model("no-such-model").build());
        List<String> fields = List.of("servers", "servers", "end", "seed", "onlyServers", "onlyServers", "model");
        for (int i = 0; i < bad.size(); i++) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad.get(i)::get);
            assertTrue(e.getMessage().toLowerCase(Locale.ROOT).replace("_", "").contains(fields.get(i).toLowerCase(Locale.ROOT)), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> DatasetSpec.defaults().generate(r -> { }, 0));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.defaults().withWorkers(0));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.defaults().withChunkRows(0));
    }

    /** The servers' metadata and the calendar flags are the export's metadata and calendar columns, row for row. */
    @Test
    void serversAndCalendarAreTheExportsColumns() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] args = {"export", "--out", "-", "--quiet", "--servers", "9", "--start", "2023-12-20", "--end", "2024-07-10"};
        assertEquals(0, Fleetgen.execute(args, out, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        List<String> csv = out.toString(StandardCharsets.UTF_8).lines().toList();
        DatasetSpec spec = DatasetSpec.builder().servers(9).start(LocalDate.of(2023, 12, 20)).end(LocalDate.of(2024, 7, 10)).build();
        java.util.Map<String, ServerInfo> servers = new java.util.HashMap<>();
        spec.servers().forEach(s -> servers.put(s.serverId(), s));
        java.util.Map<LocalDate, CalendarDay> days = new java.util.HashMap<>();
        spec.calendar().forEach(d -> days.put(d.date(), d));
        assertEquals(204, days.size());
        int holidays = 0;
        for (String line : csv.subList(1, csv.size())) {
            String[] f = line.split(",");
            ServerInfo s = servers.get(f[1]);
            assertEquals(List.of(f[7], f[8], f[9], f[10], f[11]), List.of(s.appName(), s.businessUnit(), s.criticality(), s.region(), s.serverType()));
            CalendarDay d = days.get(LocalDate.parse(f[0]));
            assertEquals(List.of(f[12], f[13], f[14], f[15], f[16], f[17], f[18]), List.of(String.valueOf(d.date().getYear()),
                    String.valueOf(d.date().getMonthValue()), String.valueOf(d.quarter()), String.valueOf(d.dayOfWeek()), d.weekend() ? "1" : "0",
                    d.quarterEnd() ? "1" : "0", d.holiday() ? "1" : "0"), line);
            holidays += d.holiday() ? 1 : 0;
        }
        assertTrue(holidays > 0, "the range holds holidays");
    }

    @Test
    void equalParametersAreEqualSpecs() {
        DatasetSpec a = DatasetSpec.builder().servers(12).seed(5).build();
        DatasetSpec b = DatasetSpec.builder().seed(5).servers(12).build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertTrue(!a.equals(DatasetSpec.builder().servers(12).seed(6).build()));
        assertEquals(DatasetSpec.defaults().rows(), 120L * 1461);
    }
}
