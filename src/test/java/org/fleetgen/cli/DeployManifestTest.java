package org.fleetgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import picocli.CommandLine;

/**
 * deploy/fleetgen-shards.yaml is a Kubernetes Indexed Job whose completion index is the shard: the
 * command it runs must be one fleetgen accepts, for every index, and the connection must come from a
 * Secret. (No cluster runs here; this checks what can be checked without one.)
 */
class DeployManifestTest {
    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String key) {
        return (Map<String, Object>) ((Map<String, Object>) o).get(key);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theIndexedJobRunsOneShardPerCompletionIndexWithTheConnectionFromASecret() throws Exception {
        String text = Files.readString(Path.of("deploy/fleetgen-shards.yaml"));
        Map<String, Object> job = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
        assertEquals("batch/v1", job.get("apiVersion"));
        assertEquals("Job", job.get("kind"));
        Map<String, Object> spec = map(job, "spec");
        assertEquals("Indexed", spec.get("completionMode"));
        int shards = (Integer) spec.get("completions");
        assertEquals(shards, spec.get("parallelism"), "every shard at once");
        Map<String, Object> container = ((List<Map<String, Object>>) map(map(spec, "template"), "spec").get("containers")).get(0);
        Map<String, String> env = new java.util.HashMap<>();
        for (Map<String, Object> e : (List<Map<String, Object>>) container.get("env")) {
            Object ref = e.get("valueFrom");
            if (e.get("name").toString().matches("FLEETGEN_DB_URL|FLEETGEN_DB_USER|PGPASSWORD")) {
                assertTrue(ref != null && map(ref, "secretKeyRef") != null, e.get("name") + " comes from a Secret");
                env.put(e.get("name").toString(), "from-secret");
            } else {
                env.put(e.get("name").toString(), String.valueOf(e.get("value")));
            }
        }
        assertEquals(String.valueOf(shards), env.get("SHARDS"), "SHARDS equals completions");
        assertFalse(text.toLowerCase(java.util.Locale.ROOT).matches("(?s).*password\\s*[:=]\\s*['\"]?[a-z0-9]{6,}.*"), "no password in the file");

        String script = ((List<String>) container.get("args")).get(0);
        assertTrue(script.contains("--shard \"$JOB_COMPLETION_INDEX/$SHARDS\""), script);
        // The command as each pod's shell expands it must parse as fleetgen arguments, for every index.
        for (int index = 0; index < shards; index++) {
            String expanded = script.replace("$JOB_COMPLETION_INDEX", String.valueOf(index)).replace("$SHARDS", env.get("SHARDS"))
                    .replace("$FLEETGEN_DB_USER", "loader");
            List<String> words = new ArrayList<>();
            for (String w : expanded.trim().split("\\s+")) {
                words.add(w.replace("\"", ""));
            }
            int jar = words.indexOf("-jar");
            assertTrue(jar > 0 && words.get(jar + 1).endsWith("fleetgen.jar"), expanded);
            List<String> fleetgenArgs = words.subList(jar + 2, words.size());
            CommandLine.ParseResult parsed = new CommandLine(new Fleetgen()).parseArgs(fleetgenArgs.toArray(String[]::new));
            assertEquals("load", parsed.subcommand().commandSpec().name());
            assertEquals(index + "/" + shards, parsed.subcommand().matchedOptionValue("--shard", ""));
            assertEquals(new org.fleetgen.config.Shard(index, shards), org.fleetgen.config.Shard.parse("shard", index + "/" + shards));
        }
    }
}
