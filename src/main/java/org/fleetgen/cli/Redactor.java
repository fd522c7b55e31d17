package org.fleetgen.cli;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.fleetgen.config.ConnectionUrl;

/**
 * Masks secrets in text bound for the user: the passwords fleetgen was given (learnt as they are parsed:
 * URL user info and parameters, PGPASSWORD, the password file), wherever they turn up, and any URL or
 * password=... pair, parsed and redacted, even one fleetgen never saw (a driver's message).
 */
final class Redactor {
    /** Shorter secrets would mask ordinary words; the URL parser still removes them where they stand. */
    private static final int MIN_LITERAL = 3;
    private final Set<String> secrets = ConcurrentHashMap.newKeySet();

    void learn(String secret) {
        if (secret != null && secret.length() >= MIN_LITERAL) {
            secrets.add(secret);
        }
    }

    void learnUrl(String url) {
        if (url != null) {
            ConnectionUrl.parse(url).secrets().forEach(this::learn);
        }
    }

    String apply(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        // Longest first, so a secret that contains another is masked whole.
        for (String s : secrets.stream().sorted((a, b) -> b.length() - a.length()).toList()) {
            out = out.replace(s, ConnectionUrl.MASK);
        }
        return ConnectionUrl.scrub(out);
    }
}
