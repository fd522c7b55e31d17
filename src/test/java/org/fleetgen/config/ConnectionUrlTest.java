package org.fleetgen.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Secrets are found by parsing, in every form a user may write a URL; the checks need no driver. */
class ConnectionUrlTest {
    private static final String M = "Mk9#x/y?z@w;t";
    private static final String E = "Mk9%23x%2Fy%3Fz%40w%3Bt";  // the same, percent-encoded

    private static final List<String> FORMS = List.of(
            "postgresql://user:" + M + "@db.example:5432/app",
            "postgres://user:" + E + "@db.example/app?sslmode=require",
            "jdbc:postgresql://user:" + M + "@db.example:5432/app",
            "jdbc:postgresql://db.example/app?user=u&password=" + M,
            "jdbc:postgresql://db.example/app?password=" + E + "&user=u",
            "jdbc:postgresql://db.example/app?user=u&PASSWORD=" + M + "&ssl=true",
            "jdbc:postgresql://db.example/app?pass%77ord=" + E,
            "jdbc:postgresql://db.example/app?sslpassword=" + M,
            "jdbc:postgresql://h1:5432,h2:5433/app?user=u&password=ab;" + M,
            "jdbc:postgresql://db.example/app?user=me@corp.example&password=" + M,
            "host=db.example password=" + M + " user=u",
            "mysql://user:" + M + "@db.example/app",
            "jdbc:mysql://user:" + M + "@db.example/app",
            "host=db.example password='" + M + " with space' user=u");

    @Test
    void redactionRemovesTheSecretInEveryForm() {
        for (String url : FORMS) {
            String shown = ConnectionUrl.redact(url);
            assertFalse(shown.contains("Mk9"), url + " -> " + shown);
            assertTrue(shown.contains(ConnectionUrl.MASK), shown);
        }
    }

    @Test
    void theSecretsAreFoundAsWrittenAndDecoded() {
        for (String url : FORMS) {
            List<String> secrets = ConnectionUrl.parse(url).secrets();
            assertTrue(secrets.stream().anyMatch(s -> s.contains("Mk9")), url + " -> " + secrets);
        }
        assertTrue(ConnectionUrl.parse(FORMS.get(1)).secrets().contains(M));
    }

    @Test
    void whatIsNotSecretStaysReadable() {
        assertEquals("jdbc:postgresql://db.example/app?user=me@corp.example&password=********&ssl=true",
                ConnectionUrl.redact("jdbc:postgresql://db.example/app?user=me@corp.example&password=x&ssl=true"));
        assertEquals("postgresql://user:********@db.example:5432/app", ConnectionUrl.redact(FORMS.get(0)));
        assertEquals("jdbc:postgresql://db.example/app", ConnectionUrl.redact("jdbc:postgresql://db.example/app"));
    }

    @Test
    void urlsInsideMessagesAreScrubbedAndTheSentenceKept() {
        String message = "cannot connect to jdbc:postgresql://h/db?password=" + M + ": Connection refused";
        String scrubbed = ConnectionUrl.scrub(message);
        assertFalse(scrubbed.contains("Mk9"), scrubbed);
        assertTrue(scrubbed.endsWith("********: Connection refused"), scrubbed);
        assertFalse(ConnectionUrl.scrub("Driver claims to not accept jdbcUrl, postgresql://u:" + M + "@h/db").contains("Mk9"));
    }

    @Test
    void checksWithoutADriver() {
        for (String good : List.of("jdbc:postgresql://localhost/db", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
                "jdbc:postgresql://h1:1,h2:65535/db", "jdbc:postgresql://[::1]:5432/db", "jdbc:postgresql:db", "jdbc:postgresql:///db")) {
            assertDoesNotThrow(() -> ConnectionUrl.requireJdbc("--url", good), good);
        }
        for (String bad : List.of("jdbc:postgresql://h:notaport/db", "jdbc:postgresql://h:0/db", "jdbc:postgresql://h:65536/db",
                "jdbc:postgresql://h:99999999999/db", "jdbc:postgresql://h:-1/db", "jdbc:postgresql://h1:5432,:5/db",
                "jdbc:postgresql://[::1/db", "mysql://h/db", "postgresql://h/db", "jdbc:postgresql://u:" + M + "@h/db")) {
            ConfigException e = assertThrows(ConfigException.class, () -> ConnectionUrl.requireJdbc("--url", bad), bad);
            assertEquals("--url", e.field());
            assertFalse(e.getMessage().contains("Mk9"), e.getMessage());
        }
    }
}
