package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad input: one line naming the field and the value, exit code 2, and no output file. */
class BadInputTest {
    @TempDir
    static Path dir;

    static Path yaml(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    static Stream<Arguments> cases() throws IOException {
        return Stream.of(
                Arguments.of("zero servers", List.of("--servers", "0"), List.of("servers", "0")),
                Arguments.of("negative servers", List.of("--servers", "-5"), List.of("servers", "-5")),
                Arguments.of("huge servers", List.of("--servers", "5000000"), List.of("servers", "5000000")),
                Arguments.of("servers not an integer", List.of("--servers", "ten"), List.of("--servers", "ten")),
                Arguments.of("end before start", List.of("--start", "2024-05-01", "--end", "2024-04-30"), List.of("end", "2024-04-30")),
                Arguments.of("malformed date", List.of("--start", "2024-13-01"), List.of("--start", "2024-13-01")),
                Arguments.of("date out of range", List.of("--end", "2300-01-01"), List.of("end", "2300-01-01")),
                Arguments.of("unknown granularity", List.of("--granularity", "weekly"), List.of("--granularity", "weekly")),
                Arguments.of("unknown archetype", List.of("--distribution", "web=0.5,cache=0.5"), List.of("distribution", "cache")),
                Arguments.of("distribution sums to 0.9", List.of("--distribution", "web=0.5,batch=0.4"), List.of("distribution", "web=0.5")),
                Arguments.of("distribution not numeric", List.of("--distribution", "web=half"), List.of("--distribution", "half")),
                Arguments.of("negative seed", List.of("--seed", "-1"), List.of("seed", "-1")),
                Arguments.of("zero threads", List.of("--threads", "0"), List.of("--threads", "0")),
                Arguments.of("unknown option", List.of("--servrs", "3"), List.of("--servrs")),
                Arguments.of("unreadable config file", List.of("--config", dir.resolve("missing.yaml").toString()), List.of("--config", "missing.yaml")),
                Arguments.of("YAML syntax error", List.of("--config", yaml("syntax.yaml", "data: [unclosed\n").toString()), List.of("--config", "syntax.yaml", "YAML")),
                Arguments.of("unknown YAML key", List.of("--config", yaml("key.yaml", "data:\n  num_server: 5\n").toString()), List.of("data.num_server", "5")),
                Arguments.of("wrong YAML type", List.of("--config", yaml("type.yaml", "data:\n  num_servers: many\n").toString()), List.of("data.num_servers", "many")),
                Arguments.of("YAML bad date", List.of("--config", yaml("date.yaml", "data:\n  start_date: '2024-02-30'\n").toString()), List.of("data.start_date", "2024-02-30")),
                Arguments.of("YAML distribution", List.of("--config", yaml("dist.yaml", "data:\n  distribution: {web: 0.6, batch: 0.6}\n").toString()), List.of("distribution", "web=0.6")),
                Arguments.of("non-positive-definite correlations", List.of("--config", yaml("pd.yaml",
                        "archetypes:\n  web: {cpu_mem_correlation: 0.95, cpu_net_correlation: 0.95}\n").toString()), List.of("archetypes.web", "positive definite")),
                Arguments.of("correlation out of range", List.of("--config", yaml("corr.yaml",
                        "archetypes:\n  batch: {mem_disk_correlation: 1.5}\n").toString()), List.of("archetypes.batch.mem_disk_correlation", "1.5")),
                Arguments.of("unknown profile field", List.of("--config", yaml("field.yaml",
                        "archetypes:\n  web: {base_gpu: 3}\n").toString()), List.of("archetypes.web.base_gpu", "3")),
                Arguments.of("output in a missing directory", List.of("--out-override", dir.resolve("nowhere/x.csv").toString()), List.of("--out", "nowhere")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectedWithOneLineAndExitCode2(String name, List<String> flags, List<String> mentions) throws IOException {
        Path out = dir.resolve("out-" + name.replace(' ', '_') + ".csv");
        List<String> args = new ArrayList<>(List.of("export", "-q"));
        String target = out.toString();
        for (int i = 0; i < flags.size(); i++) {
            if (flags.get(i).equals("--out-override")) {
                target = flags.get(++i);
            } else {
                args.add(flags.get(i));
            }
        }
        args.add("--out");
        args.add(target);
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.errLines(), run.err());
        assertTrue(run.err().startsWith("fleetgen: "), run.err());
        for (String m : mentions) {
            assertTrue(run.err().contains(m), "message should mention '" + m + "': " + run.err());
        }
        assertTrue(!Files.exists(Path.of(target)), "no output file");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file");
        }
        assertEquals("", run.out());
    }
}
