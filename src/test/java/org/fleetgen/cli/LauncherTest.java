package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The launchers, as far as a Linux machine can check them: ./fleetgen parses, and uses nothing that the
 * bash 3.2 of macOS lacks; fleetgen.cmd does the same job (build when missing or older, JVM options,
 * stderr for JVM messages, arguments passed through).
 */
class LauncherTest {
    /** Constructs bash 3.2 does not have (bash 4 and later). */
    private static final List<Pattern> BASH4 = List.of(
            Pattern.compile("\\bmapfile\\b"), Pattern.compile("\\breadarray\\b"), Pattern.compile("\\bdeclare\\s+-A\\b"),
            Pattern.compile("\\blocal\\s+-A\\b"), Pattern.compile("\\$\\{[^}]*(,,|\\^\\^)[^}]*}"), Pattern.compile("\\$\\{[^}]*@[QEPAa]}"),
            Pattern.compile("\\|&"), Pattern.compile("&>>"), Pattern.compile("\\bcoproc\\b"), Pattern.compile(";;&"),
            Pattern.compile("\\bwait\\s+-n\\b"), Pattern.compile("\\$\\{[a-zA-Z_]+\\[-1]}"), Pattern.compile("\\bshopt\\s+-s\\s+(globstar|lastpipe)"));

    @Test
    void theBashLauncherParsesAndNeedsNothingNewerThanBash32() throws Exception {
        Process p = new ProcessBuilder("bash", "-n", "fleetgen").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        List<String> found = new ArrayList<>();
        List<String> lines = Files.readAllLines(Path.of("fleetgen"));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceAll("^\\s*#.*", "");
            for (Pattern bash4 : BASH4) {
                if (bash4.matcher(line).find()) {
                    found.add((i + 1) + ": " + lines.get(i).trim());
                }
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void theWindowsLauncherDoesWhatTheBashOneDoes() throws Exception {
        String cmd = Files.readString(Path.of("fleetgen.cmd"));
        for (String part : List.of("target\\fleetgen-cli.jar", "mvn -q -B -Dstyle.color=never package -DskipTests", "FLEETGEN_JAVA_OPTS",
                "-Xmx256m -XX:+UseSerialGC", "-Xlog:all=warning:stderr", "-jar \"%JAR%\" %*", "exit /b %ERRORLEVEL%", "LastWriteTime")) {
            assertTrue(cmd.contains(part), "fleetgen.cmd lacks " + part);
        }
        String bash = Files.readString(Path.of("fleetgen"));
        for (String part : List.of("-Xmx256m -XX:+UseSerialGC", "-Xlog:all=warning:stderr", "package -DskipTests")) {
            assertTrue(bash.contains(part), "./fleetgen lacks " + part);
        }
    }
}
