package org.fleetgen.model.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fleetgen.config.ConfigException;
import org.fleetgen.config.FleetDistribution;
import org.fleetgen.config.GenerationConfig;
import org.fleetgen.fleet.ArchetypeProfile;
import org.fleetgen.fleet.ServerMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReferenceFleetTest {
    static ReferenceFleet plan(int n) {
        return new ReferenceFleet(new GenerationConfig.Builder().servers(n).build());
    }

    /** Archetype of each server, run-length encoded: "web*42 application*48 ...". */
    static String layout(ReferenceFleet plan) {
        List<String> runs = new ArrayList<>();
        String current = null;
        int count = 0;
        for (int i = 0; i < plan.size(); i++) {
            String t = plan.server(i).type();
            if (!t.equals(current)) {
                if (current != null) {
                    runs.add(current + "*" + count);
                }
                current = t;
                count = 0;
            }
            count++;
        }
        runs.add(current + "*" + count);
        return String.join(" ", runs);
    }

    @ParameterizedTest(name = "{0} servers")
    @CsvSource(delimiter = '|', value = {
            "1   | application*1",
            "2   | application*2",
            "12  | web*4 application*4 database*1 batch*1 application*2",
            "50  | web*17 application*20 database*7 batch*5 application*1",
            "120 | web*42 application*48 database*18 batch*12",
            // 180 * 0.35 = 62.99999999999999 in doubles: 62 web servers, as the reference truncates.
            "180 | web*62 application*72 database*27 batch*18 application*1",
    })
    void splitsTheFleetLikeTheReference(int n, String expected) {
        assertEquals(expected, layout(plan(n)));
    }

    @Test
    void idsHaveAtLeastThreeDigits() {
        assertEquals("server_000", ReferenceFleet.serverId(0));
        assertEquals("server_999", ReferenceFleet.serverId(999));
        assertEquals("server_1000", ReferenceFleet.serverId(1000));
    }

    @Test
    void metadataOf120MatchesReferenceCounts() {
        // docs/model.md §9: criticality High 46, Low 45, Medium 29; BU IT 36, Retail 34, Compliance 28,
        // Trading 22; region Asia 39, EU 31, US-East 27, US-West 23.
        ReferenceFleet plan = plan(120);
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (int i = 0; i < 120; i++) {
            ServerMetadata m = plan.server(i).metadata();
            counts.merge("c:" + m.criticality(), 1, Integer::sum);
            counts.merge("b:" + m.businessUnit(), 1, Integer::sum);
            counts.merge("r:" + m.region(), 1, Integer::sum);
        }
        assertEquals(Map.ofEntries(Map.entry("c:High", 46), Map.entry("c:Low", 45), Map.entry("c:Medium", 29),
                Map.entry("b:IT", 36), Map.entry("b:Retail", 34), Map.entry("b:Compliance", 28), Map.entry("b:Trading", 22),
                Map.entry("r:Asia", 39), Map.entry("r:EU", 31), Map.entry("r:US-East", 27), Map.entry("r:US-West", 23)), counts);
        assertEquals(new ServerMetadata("app_000", "Compliance", "High", "Asia"), plan.server(0).metadata());
    }

    @Test
    void metadataDependsOnFleetSize() {
        // All business units are drawn before any criticality, so server_000 changes with n (§9).
        assertEquals(new ServerMetadata("app_000", "Compliance", "Low", "US-East"), plan(3).server(0).metadata());
    }

    @Test
    void seedChangesStreamsButNotMetadata() {
        ReferenceFleet a = plan(20);
        ReferenceFleet b = new ReferenceFleet(new GenerationConfig.Builder().servers(20).seed(7).build());
        for (int i = 0; i < 20; i++) {
            assertEquals(a.server(i).metadata(), b.server(i).metadata());
            assertTrue(a.server(i).rngSeed() != b.server(i).rngSeed());
        }
        assertEquals(495008748L, a.server(0).rngSeed());
    }

    @Test
    void aliasesAreCanonicalAndUnknownNamesRejected() {
        ReferenceFleet p = new ReferenceFleet(new GenerationConfig.Builder().servers(10)
                .distribution(FleetDistribution.parse("--distribution", "db=0.5,APP=0.5")).build());
        assertEquals("database*5 application*5", layout(p));
        ConfigException e = assertThrows(ConfigException.class, () -> new ReferenceFleet(new GenerationConfig.Builder()
                .distribution(FleetDistribution.parse("--distribution", "web=0.5,cache=0.5")).build()));
        assertTrue(e.getMessage().contains("cache"), e.getMessage());
    }

    @Test
    void overridesApplyAndNonPositiveDefiniteCorrelationsAreRejected() {
        ReferenceFleet p = new ReferenceFleet(new GenerationConfig.Builder().servers(4)
                .archetypeOverride("web", "base_cpu", 60).build());
        assertEquals(60.0, p.profileOf(0).baseCpu());
        ConfigException e = assertThrows(ConfigException.class, () -> new ReferenceFleet(new GenerationConfig.Builder()
                .archetypeOverride("web", "cpu_mem_correlation", 0.95)
                .archetypeOverride("web", "cpu_net_correlation", 0.95).build()));
        assertTrue(e.getMessage().contains("archetypes.web") && e.getMessage().contains("positive definite"), e.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class, () -> new ReferenceFleet(new GenerationConfig.Builder()
                .archetypeOverride("web", "base_gpu", 1).build()));
        assertTrue(unknown.getMessage().contains("archetypes.web.base_gpu"), unknown.getMessage());
    }

    /** Defect: an override under an alias or in another case passed validation and was silently ignored. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"db, database", "DB, database", "Database, database", "' database ', database", "app, application",
            "APPLICATION, application", "Web, web", "BATCH, batch"})
    void overridesUnderAnyAcceptedSpellingApply(String spelling, String key) {
        ReferenceFleet p = new ReferenceFleet(new GenerationConfig.Builder().servers(120)
                .archetypeOverride(spelling, "base_cpu", 99).build());
        ArchetypeProfile changed = p.profiles().stream().filter(a -> a.key().equals(key)).findFirst().orElseThrow();
        assertEquals(99.0, changed.baseCpu());
        assertEquals(1, p.profiles().stream().filter(a -> a.baseCpu() == 99.0).count(), "only " + key + " changed");
    }

    @ParameterizedTest(name = "{0} and {1}")
    @CsvSource({"db, database", "app, APPLICATION", "Web, web"})
    void oneArchetypeUnderTwoSpellingsIsRefused(String a, String b) {
        ConfigException e = assertThrows(ConfigException.class, () -> new ReferenceFleet(new GenerationConfig.Builder()
                .archetypeOverride(a, "base_cpu", 50).archetypeOverride(b, "base_cpu", 60).build()));
        assertTrue(e.getMessage().contains("again"), e.getMessage());
    }

    @Test
    void aNewArchetypeNeedsEveryFieldAndThenTakesItsShare() {
        GenerationConfig.Builder b = new GenerationConfig.Builder().servers(10)
                .distribution(FleetDistribution.parse("--distribution", "web=0.5,gpu=0.5"));
        ArchetypeCatalogue.builtIn("batch").fields().forEach((field, value) -> b.archetypeOverride("gpu", field, value));
        b.archetypeOverride("gpu", "base_cpu", 85);
        ReferenceFleet p = new ReferenceFleet(b.build());
        assertEquals("web*5 gpu*5", layout(p));
        assertEquals(85.0, p.profileOf(9).baseCpu());
        assertEquals("gpu", p.profileOf(9).displayName());

        GenerationConfig.Builder partial = new GenerationConfig.Builder().archetypeOverride("gpu", "base_cpu", 85);
        ConfigException missing = assertThrows(ConfigException.class, () -> new ReferenceFleet(partial.build()));
        assertTrue(missing.getMessage().contains("archetypes.gpu") && missing.getMessage().contains("missing: base_memory"),
                missing.getMessage());
        for (String bad : List.of("9lives", "gp-u", "a.b", "x".repeat(33))) {
            GenerationConfig.Builder named = new GenerationConfig.Builder();
            ArchetypeCatalogue.builtIn("web").fields().forEach((field, value) -> named.archetypeOverride(bad, field, value));
            ConfigException e = assertThrows(ConfigException.class, () -> new ReferenceFleet(named.build()), bad);
            assertTrue(e.getMessage().contains("archetypes." + bad), e.getMessage());
        }
    }

    @Test
    void theCatalogueHoldsTheReferenceProfiles() {
        assertEquals(List.of("web", "database", "application", "batch"), ArchetypeCatalogue.builtInKeys());
        ArchetypeProfile db = ArchetypeCatalogue.builtIn("database");
        assertEquals("Database Server", db.displayName());
        assertEquals(List.of(35.0, 70.0, 55.0, 100.0, 12.0, 10.0, 15.0, 30.0, 0.6, 0.1, 0.4, 0.7, 0.2, 0.3, 1.3, 0.7, 0.01, 1.4, 1.0),
                db.fields().values().stream().toList());
    }
}
