package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.Command;

/**
 * A command line that names a subcommand builds that subcommand's model alone; it must behave exactly as the
 * whole model does: the same output, the same errors, the same exit code, for every subcommand and its nested
 * ones, with help, bad flags, missing values and bad values.
 */
class CommandModelTest {
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> commandLines() {
        List<String[]> out = new ArrayList<>();
        for (Class<?> c : Fleetgen.class.getAnnotation(Command.class).subcommands()) {
            String name = c.getAnnotation(Command.class).name();
            if (name.equals("help")) {
                continue;
            }
            out.add(new String[] {name, "--help"});
            out.add(new String[] {name, "--no-such-flag"});
            out.add(new String[] {name, "--workers"});
            out.add(new String[] {name, "--servers", "zero"});
            out.add(new String[] {name, "extra", "arguments"});
            for (Class<?> sub : c.getAnnotation(Command.class).subcommands()) {
                out.add(new String[] {name, sub.getAnnotation(Command.class).name(), "--help"});
                out.add(new String[] {name, sub.getAnnotation(Command.class).name(), "--no-such-flag"});
            }
        }
        out.add(new String[] {"load", "--granularity", "weekly"});
        out.add(new String[] {"export", "--start", "2024-02-30", "--output", "-"});
        out.add(new String[] {"export", "--servers", "1", "--start", "2024-01-01", "--end", "2024-01-01", "--output", "-"});
        out.add(new String[] {"load", "--url", "jdbc:postgresql://127.0.0.1:1/x?password=secret", "--user", "u", "--servers", "-1"});
        return out.stream().map(a -> org.junit.jupiter.params.provider.Arguments.of((Object) a));
    }

    @ParameterizedTest(name = "{index}: {arguments}")
    @MethodSource("commandLines")
    void aNamedCommandAloneBehavesAsTheWholeModel(String[] args) {
        Class<?> named = Fleetgen.named(args);
        assertNotNull(named, "the first argument names a subcommand: " + String.join(" ", args));
        Run whole = run(args, null);
        Run alone = run(args, named);
        assertEquals(whole.code, alone.code, "exit code");
        assertEquals(whole.out, alone.out, "standard output");
        assertEquals(whole.err, alone.err, "standard error");
    }

    @Test
    void onlyAnExactSubcommandNameIsTakenAlone() {
        assertNull(Fleetgen.named(new String[0]));
        assertNull(Fleetgen.named(new String[] {"help", "load"}));
        assertNull(Fleetgen.named(new String[] {"--version"}));
        assertNull(Fleetgen.named(new String[] {"lod"}));
        assertNull(Fleetgen.named(new String[] {"LOAD"}));
        assertNull(Fleetgen.named(new String[] {"--verbose", "load"}));
        assertEquals(LoadCommand.class, Fleetgen.named(new String[] {"load", "--help"}));
        assertEquals(DbCommand.class, Fleetgen.named(new String[] {"db", "status"}));
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String[] args, Class<?> named) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Redactor redactor = new Redactor();
        int code = Fleetgen.execute(args.clone(), out, new RedactingPrintStream(new PrintStream(err, true, StandardCharsets.UTF_8), redactor),
                redactor, named);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
