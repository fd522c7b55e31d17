package org.fleetgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules, checked on the sources' imports: data flows cli → config → fleet →
 * simulation → sample → sink → postgres, with load orchestrating the last stages; the generator
 * packages use only the JDK and Commons Math, and nothing imports cli.
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/org/fleetgen");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)", Pattern.MULTILINE);
    private static final List<String> GENERATOR = List.of("config", "fleet", "simulation", "simulation.stats", "sample");
    private static final List<String> THIRD_PARTY_ALLOWED_IN_GENERATOR = List.of("java.", "org.apache.commons.math3.");

    /** Which fleetgen packages each package may import. */
    private static final Map<String, List<String>> MAY_USE = Map.of(
            "jooq", List.of(),  // generated from db/migration into target/, not scanned here
            "config", List.of(),
            "fleet", List.of("config", "simulation.stats"),
            "simulation.stats", List.of(),
            "simulation", List.of("config", "fleet", "sample", "simulation.stats"),
            "sample", List.of("config", "fleet"),
            "sink", List.of("config", "fleet", "sample", "postgres", "jooq"),
            "postgres", List.of("config", "jooq"),
            "load", List.of("config", "fleet", "simulation", "sample", "sink", "postgres", "jooq"),
            "cli", List.of("config", "fleet", "simulation", "simulation.stats", "sample", "sink", "postgres", "load", "jooq"));

    record Source(String pkg, Path file, List<String> imports) {
    }

    static List<Source> sources() throws IOException {
        List<Source> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String rel = MAIN.relativize(f.getParent()).toString().replace('/', '.');
                List<String> imports = new ArrayList<>();
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    imports.add(m.group(1));
                }
                out.add(new Source(rel, f, imports));
            }
        }
        return out;
    }

    static String topLevel(String pkg) {
        for (String known : MAY_USE.keySet().stream().sorted((a, b) -> b.length() - a.length()).toList()) {
            if (pkg.equals(known) || pkg.startsWith(known + ".")) {
                return known;
            }
        }
        return pkg;
    }

    @Test
    void packagesOnlyUseWhatTheyMay() throws IOException {
        List<String> violations = new ArrayList<>();
        List<Source> sources = sources();
        assertTrue(sources.size() > 20, "found the sources");
        for (Source s : sources) {
            String from = topLevel(s.pkg());
            for (String imp : s.imports()) {
                if (imp.startsWith("org.fleetgen.")) {
                    String target = topLevel(imp.substring("org.fleetgen.".length(), imp.lastIndexOf('.')));
                    if (!target.equals(from) && !MAY_USE.getOrDefault(from, List.of()).contains(target)) {
                        violations.add(s.file() + " imports " + imp);
                    }
                } else if (GENERATOR.contains(from) && THIRD_PARTY_ALLOWED_IN_GENERATOR.stream().noneMatch(imp::startsWith)) {
                    violations.add(s.file() + " (generator package) imports " + imp);
                }
                if (!from.equals("cli") && imp.startsWith("picocli")) {
                    violations.add(s.file() + " imports picocli outside cli");
                }
            }
        }
        assertEquals(List.of(), violations);
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
