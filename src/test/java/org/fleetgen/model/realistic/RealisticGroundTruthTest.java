package org.fleetgen.model.realistic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fleetgen.config.GenerationConfig;
import org.fleetgen.config.Granularity;
import org.fleetgen.fleet.Server;
import org.fleetgen.model.GroundTruth;
import org.fleetgen.simulation.Dataset;
import org.fleetgen.stats.PercentileCont;
import org.junit.jupiter.api.Test;

/** The realistic model's {@link GroundTruth}: the process's own expected values and events, as the database stores them. */
class RealisticGroundTruthTest {
    private static final long ORIGIN = RegionTime.ORIGIN_EPOCH_SECOND;
    private static final long FROM = LocalDate.of(2024, 3, 4).toEpochDay() * 86_400;

    private static Dataset dataset(int servers) {
        return Dataset.of(new GenerationConfig.Builder().model(RealisticModel.NAME).servers(servers).start(LocalDate.of(2024, 1, 1))
                .end(LocalDate.of(2024, 6, 30)).granularity(Granularity.HOURLY).build(), new RealisticModel());
    }

    @Test
    void expectedValuesAreTheProcessWithoutNoiseAndDependOnArchetypeAndRegionOnly() {
        Dataset d = dataset(120);
        GroundTruth truth = d.scenario().groundTruth();
        Map<String, double[][]> byGroup = new HashMap<>();
        int hours = 24 * 15;  // over the end of March: Europe's and the US's summer time start on different days
        for (int i = 0; i < 120; i++) {
            Server s = d.fleet().server(i);
            double[][] e = truth.expected(i, FROM + 86_400L * 20, hours, false);
            HourlyProcess p = new HourlyProcess(RealisticProfile.DEFAULTS.get(s.type()), s.rngSeed(), s.metadata().region());
            long h0 = (FROM + 86_400L * 20 - ORIGIN) / 3600;
            for (int k = 0; k < hours; k++) {
                for (int m = 0; m < 4; m++) {
                    assertEquals(p.expected(m, h0 + k), e[m][k], 0.0, s.id() + " metric " + m);
                }
                assertEquals(e[3][k] * RealisticProfile.DEFAULTS.get(s.type()).netOutShare(), e[4][k], 0.0);
            }
            double[][] same = byGroup.putIfAbsent(s.type() + "/" + s.metadata().region(), e);
            if (same != null) {
                for (int m = 0; m < 5; m++) {
                    assertArrayEquals(same[m], e[m], 0.0, s.id() + ": servers of one archetype and region share expected values");
                }
            }
        }
        assertTrue(byGroup.size() >= 12, byGroup.keySet().toString());
    }

    @Test
    void aDaysExpectedValueIsThe95thPercentileOfItsExpectedHours() {
        Dataset d = dataset(20);
        GroundTruth truth = d.scenario().groundTruth();
        for (int i = 0; i < 20; i++) {
            double[][] days = truth.expected(i, FROM, 10, true);
            double[][] hours = truth.expected(i, FROM, 240, false);
            for (int day = 0; day < 10; day++) {
                for (int m = 0; m < 5; m++) {
                    double[] h = java.util.Arrays.copyOfRange(hours[m], day * 24, day * 24 + 24);
                    assertEquals(PercentileCont.of(h, 24, 0.95), days[m][day], 0.0);
                }
            }
        }
    }

    @Test
    void eventsAreTheProcessEventsAndScaleTheirHours() {
        Dataset d = dataset(60);
        GroundTruth truth = d.scenario().groundTruth();
        int events = 0;
        java.util.Set<String> archetypes = new java.util.TreeSet<>();
        for (int i = 0; i < 60; i++) {
            Server s = d.fleet().server(i);
            HourlyProcess p = new HourlyProcess(RealisticProfile.DEFAULTS.get(s.type()), s.rngSeed(), s.metadata().region());
            long from = FROM;
            long to = FROM + 120L * 86_400;
            List<GroundTruth.Event> list = truth.events(i, from, to);
            List<HourlyProcess.Event> own = p.events((from - ORIGIN) / 3600, (to - ORIGIN) / 3600);
            assertEquals(own.size(), list.size());
            for (int k = 0; k < list.size(); k++) {
                GroundTruth.Event e = list.get(k);
                assertEquals(ORIGIN + own.get(k).start() * 3600, e.startEpochSecond());
                assertEquals(ORIGIN + own.get(k).end() * 3600, e.endEpochSecond());
                assertEquals(own.get(k).factor(), e.magnitude(), 0.0);
                assertTrue(e.endEpochSecond() > from && e.startEpochSecond() < to, "runs in the range");
                assertTrue(k == 0 || e.startEpochSecond() > list.get(k - 1).startEpochSecond(), "in start order");
                assertEquals("spike", e.kind());
                for (long h = own.get(k).start(); h < own.get(k).end(); h++) {
                    assertTrue(p.eventFactor(h) >= e.magnitude(), "the event scales its hours");
                }
                events++;
                archetypes.add(s.type());
            }
        }
        assertTrue(events > 100, events + " events");
        assertEquals(java.util.Set.of("application", "batch", "database", "web"), archetypes, "every archetype has events");
    }
}
