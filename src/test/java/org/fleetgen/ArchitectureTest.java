package org.fleetgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules, checked on the compiled classes (so fully qualified names, static calls, field
 * types and annotations count, not only import lines): data flows cli → config → fleet → model →
 * simulation → sample → sink → postgres, with load orchestrating the last stages and the ground floor
 * ({@code stats}, {@code parallel}) usable by all; the generator packages use only the JDK and
 * Commons Math, and nothing uses cli.
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/org/fleetgen");
    private static final List<String> GENERATOR = List.of("config", "fleet", "model", "simulation", "stats", "parallel", "sample");
    private static final List<String> THIRD_PARTY_ALLOWED_IN_GENERATOR = List.of("java.", "org.apache.commons.math3.");
    private static final List<String> GROUND = List.of("stats", "parallel");

    /** Which fleetgen packages each package may use, besides itself and the ground floor. */
    private static final Map<String, List<String>> MAY_USE = Map.ofEntries(
            Map.entry("jooq", List.of()),  // generated from db/migration
            Map.entry("stats", List.of()),
            Map.entry("parallel", List.of()),
            Map.entry("config", List.of()),
            Map.entry("fleet", List.of("config")),
            Map.entry("sample", List.of("config", "fleet")),
            Map.entry("model", List.of("config", "fleet", "sample")),
            Map.entry("simulation", List.of("config", "fleet", "sample", "model")),
            Map.entry("sink", List.of("config", "fleet", "sample", "postgres", "jooq")),
            Map.entry("postgres", List.of("config", "sample", "jooq")),
            Map.entry("load", List.of("config", "fleet", "model", "simulation", "sample", "sink", "postgres", "jooq")),
            // report reads what load left behind (the views, the fidelity checks); it writes nothing to the database.
            Map.entry("report", List.of("config", "fleet", "model", "simulation", "sample", "postgres", "load", "jooq")),
            // The public API: a façade over the stages; junit seeds databases through it.
            Map.entry("api", List.of("config", "fleet", "model", "simulation", "sample", "sink", "postgres", "load")),
            Map.entry("junit", List.of("api", "config", "postgres")),
            Map.entry("cli", List.of("api", "config", "fleet", "model", "simulation", "sample", "sink", "postgres", "load", "report", "jooq")));

    record Source(String pkg, Path file) {
    }

    static List<Source> sources() throws IOException {
        List<Source> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                out.add(new Source(MAIN.relativize(f.getParent()).toString().replace('/', '.'), f));
            }
        }
        return out;
    }

    /** The stage a fleetgen package belongs to: its first segment below org.fleetgen (model.reference is model). */
    static String stage(String pkg) {
        String rest = pkg.substring("org.fleetgen".length()).replaceFirst("^\\.", "");
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /** Every dependency of the given classes that breaks a rule, as "from -> to (where)". */
    static List<String> violations(JavaClasses classes) {
        List<String> out = new ArrayList<>();
        for (JavaClass c : classes) {
            if (!c.getPackageName().startsWith("org.fleetgen")) {
                continue;
            }
            String from = stage(c.getPackageName());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                JavaClass target = d.getTargetClass();
                while (target.isArray()) {
                    target = target.getComponentType();
                }
                if (target.isPrimitive()) {
                    continue;
                }
                String name = target.getName();
                if (name.startsWith("org.fleetgen.")) {
                    String to = stage(target.getPackageName());
                    if (!to.equals(from) && !GROUND.contains(to) && !MAY_USE.getOrDefault(from, List.of()).contains(to)) {
                        out.add(from + " -> " + to + ": " + d.getDescription());
                    }
                } else if (GENERATOR.contains(from) && THIRD_PARTY_ALLOWED_IN_GENERATOR.stream().noneMatch(name::startsWith)) {
                    out.add(from + " (generator) -> " + name + ": " + d.getDescription());
                } else if (!from.equals("cli") && name.startsWith("picocli.")) {
                    out.add(from + " -> picocli: " + d.getDescription());
                }
            }
        }
        return out;
    }

    @Test
    void packagesOnlyUseWhatTheyMay() {
        JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.fleetgen");
        assertTrue(main.size() > 80, "found the classes: " + main.size());
        Set<String> stages = new TreeSet<>();
        main.forEach(c -> stages.add(stage(c.getPackageName())));
        assertEquals(new TreeSet<>(MAY_USE.keySet()), stages, "every stage has rules, every rule a stage");
        assertEquals(List.of(), violations(main));
    }

    /** Threads are started in one place, {@code parallel}: nothing else constructs a Thread or an executor. */
    @Test
    void onlyTheParallelPackageStartsThreads() {
        JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.fleetgen");
        List<String> found = threadStarts(main);
        assertEquals(List.of(), found);
        assertTrue(threadStarts(new ClassFileImporter().importClasses(org.fleetgen.fleet.ArchitectureFixture.class))
                .stream().anyMatch(v -> v.contains("Thread")), "the checker sees a thread started outside parallel");
    }

    private static List<String> threadStarts(JavaClasses classes) {
        List<String> out = new ArrayList<>();
        for (JavaClass c : classes) {
            if (stage(c.getPackageName()).equals("parallel")) {
                continue;
            }
            c.getConstructorCallsFromSelf().stream()
                    .filter(call -> call.getTargetOwner().isAssignableTo(Thread.class)
                            || call.getTargetOwner().isAssignableTo(java.util.concurrent.ExecutorService.class))
                    .forEach(call -> out.add(call.getDescription()));
            c.getMethodCallsFromSelf().stream()
                    .filter(call -> call.getTargetOwner().isEquivalentTo(java.util.concurrent.Executors.class)
                            || call.getTargetOwner().isEquivalentTo(java.util.concurrent.CompletableFuture.class)
                            || call.getName().equals("parallelStream"))
                    .forEach(call -> out.add(call.getDescription()));
        }
        return out;
    }

    /**
     * The checker sees what an import-line scan missed: {@code ArchitectureFixture} sits in the fleet
     * package and reaches the CLI and the loader only through fully qualified names.
     */
    @Test
    void fullyQualifiedReferencesAreCaught() {
        JavaClasses fixture = new ClassFileImporter().importClasses(org.fleetgen.fleet.ArchitectureFixture.class);
        List<String> found = violations(fixture);
        assertTrue(found.stream().anyMatch(v -> v.startsWith("fleet -> cli")), found.toString());
        assertTrue(found.stream().anyMatch(v -> v.startsWith("fleet -> load")), found.toString());
        assertTrue(found.stream().anyMatch(v -> v.startsWith("fleet (generator) -> org.jooq")), found.toString());
    }

    @Test
    void everyPackageNamesItsStage() throws IOException {
        try (Stream<Path> dirs = Files.walk(MAIN)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                boolean hasJava;
                try (Stream<Path> files = Files.list(d)) {
                    hasJava = files.anyMatch(p -> p.toString().endsWith(".java"));
                }
                if (hasJava) {
                    assertTrue(Files.exists(d.resolve("package-info.java")), d + " has no package-info.java");
                }
            }
        }
    }

    @Test
    void noVagueClassNames() throws IOException {
        for (Source s : sources()) {
            String name = s.file().getFileName().toString();
            assertTrue(!name.matches(".*(Manager|Helper|Util|Utils|Impl)\\.java"), name);
        }
    }

    /**
     * Output never depends on the machine's locale: every formatting or case-mapping call names
     * Locale.ROOT (Arabic, Persian, Thai or Bengali digits, a Turkish dotless i). Covers the forms that
     * take the default locale silently.
     */
    @Test
    void noFormattingDependsOnTheDefaultLocale() throws IOException {
        Pattern localeDependent = Pattern.compile(
                "String\\.format\\((?!\\s*(java\\.util\\.)?Locale\\.ROOT)|\\.formatted\\(|printf\\((?!\\s*(java\\.util\\.)?Locale\\.ROOT)"
                        + "|toLowerCase\\(\\)|toUpperCase\\(\\)|NumberFormat\\.get\\w*Instance\\(\\)|new DecimalFormat\\(|new java\\.util\\.Formatter\\(\\)");
        List<String> violations = new ArrayList<>();
        for (Source s : sources()) {
            List<String> lines = Files.readAllLines(s.file());
            for (int i = 0; i < lines.size(); i++) {
                if (localeDependent.matcher(lines.get(i)).find()) {
                    violations.add(s.file() + ":" + (i + 1) + ": " + lines.get(i).trim());
                }
            }
        }
        assertEquals(List.of(), violations);
    }
}
