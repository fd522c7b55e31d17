package org.fleetgen.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A connection URL (PostgreSQL's JDBC and libpq forms, or any scheme://) taken apart, so that fleetgen can check it before any driver sees it and
 * show it without its secrets. Secrets are found by parsing, not by one pattern: the password of the
 * user-info part ({@code //user:PW@host}, the libpq and JDBC forms alike) and the value of every query
 * parameter whose name says it is a secret ({@code password}, {@code sslpassword}, ... in any case or
 * percent-encoding), up to the next {@code &}, whatever characters it holds.
 */
public final class ConnectionUrl {
    public static final String MASK = "********";
    private static final Pattern HOSTS = Pattern.compile("[A-Za-z0-9._\\-:\\[\\],%]+");
    /** A URL inside free text (a driver's message): everything up to white space or a quote. */
    private static final Pattern EMBEDDED = Pattern.compile("(?i)\\b[a-z][a-z0-9+.\\-]*(?::[a-z][a-z0-9+.\\-]*)?://[^\\s'\"<>]*?(?=[:,;.]?(?:\\s|$)|['\"<>])");
    /** key=value pairs outside any URL (connection strings, property lists). */
    private static final Pattern LOOSE = Pattern.compile(
            "(?i)\\b((?:ssl)?pass(?:word|wd)?|pwd)(\\s*[=:]\\s*)('[^']*'|\"[^\"]*\"|[^\\s&,]+?(?=[:,.]?(?:\\s|$)|[&,]))");

    private final String text;
    private final int userInfoEnd;      // index of the '@' ending the user info, or -1
    private final int authorityStart;   // index after "//", or -1
    private final int queryStart;       // index of '?', or -1

    private ConnectionUrl(String text) {
        this.text = text;
        if (!text.matches("(?is)(jdbc:postgresql:|[a-z][a-z0-9+.\\-]*(:[a-z][a-z0-9+.\\-]*)?://).*")) {
            // Not a URL (a libpq "key=value ..." string): only its key=value pairs can hold secrets.
            authorityStart = -1;
            userInfoEnd = -1;
            queryStart = -1;
            return;
        }
        int slashes = text.indexOf("//");
        int schemeEnd = text.indexOf(':');
        authorityStart = slashes >= 0 && schemeEnd >= 0 && slashes > schemeEnd && text.substring(schemeEnd + 1, slashes).matches("[a-z]*:?")
                ? slashes + 2 : -1;
        userInfoEnd = authorityStart < 0 ? -1 : findUserInfoEnd(text, authorityStart);
        int from = userInfoEnd >= 0 ? userInfoEnd + 1 : Math.max(0, authorityStart);
        queryStart = text.indexOf('?', from);
    }

    public static ConnectionUrl parse(String text) {
        return new ConnectionUrl(text == null ? "" : text);
    }

    /**
     * The '@' that ends the user info. Its password may hold '/', '?' or '@' unencoded, so: the last '@'
     * before the first '/' when there is one; else the last '@' before the first '?'; else an '@'
     * followed by a host list and then a '/' (a query value holding '@' is not taken for user info).
     */
    private static int findUserInfoEnd(String s, int start) {
        int slash = s.indexOf('/', start);
        int question = s.indexOf('?', start);
        int authorityEnd = slash < 0 ? s.length() : slash;
        if (question >= 0 && question < authorityEnd) {
            authorityEnd = question;
        }
        int at = s.lastIndexOf('@', authorityEnd - 1);
        if (at >= start) {
            return at;
        }
        for (int i = s.lastIndexOf('@'); i >= start; i = s.lastIndexOf('@', i - 1)) {
            int end = i + 1;
            while (end < s.length() && s.charAt(end) != '/' && s.charAt(end) != '?' && s.charAt(end) != '#') {
                end++;
            }
            boolean hostThenPath = end < s.length() && s.charAt(end) == '/' && HOSTS.matcher(s.substring(i + 1, end)).matches();
            boolean hostAtEnd = end == s.length() && question < 0 && HOSTS.matcher(s.substring(i + 1, end)).matches();
            if (hostThenPath || hostAtEnd) {
                return i;
            }
        }
        return -1;
    }

    /** The URL with every secret replaced by {@value #MASK}. */
    public String redacted() {
        StringBuilder out = new StringBuilder();
        int pos = 0;
        if (userInfoEnd >= 0) {
            String info = text.substring(authorityStart, userInfoEnd);
            int colon = info.indexOf(':');
            out.append(text, 0, authorityStart);
            out.append(colon < 0 ? info : info.substring(0, colon + 1) + MASK);
            pos = userInfoEnd;
        }
        if (queryStart < 0) {
            out.append(text, pos, text.length());
            return redactLoose(out.toString());
        }
        out.append(text, pos, queryStart + 1);
        String[] pairs = text.substring(queryStart + 1).split("&", -1);
        for (int i = 0; i < pairs.length; i++) {
            if (i > 0) {
                out.append('&');
            }
            int eq = pairs[i].indexOf('=');
            if (eq >= 0 && isSecretKey(pairs[i].substring(0, eq))) {
                out.append(pairs[i], 0, eq + 1).append(MASK);
            } else {
                out.append(pairs[i]);
            }
        }
        return out.toString();
    }

    /** Every secret the URL carries, as written and percent-decoded (for masking them wherever they turn up). */
    public List<String> secrets() {
        List<String> out = new ArrayList<>();
        if (userInfoEnd >= 0) {
            String info = text.substring(authorityStart, userInfoEnd);
            int colon = info.indexOf(':');
            if (colon >= 0) {
                addBoth(out, info.substring(colon + 1));
            }
        }
        if (queryStart >= 0) {
            for (String pair : text.substring(queryStart + 1).split("&", -1)) {
                int eq = pair.indexOf('=');
                if (eq >= 0 && isSecretKey(pair.substring(0, eq))) {
                    addBoth(out, pair.substring(eq + 1));
                }
            }
        }
        Matcher m = LOOSE.matcher(queryStart >= 0 ? text.substring(0, queryStart) : text);
        while (m.find()) {
            addBoth(out, unquote(m.group(3)));
        }
        out.removeIf(String::isEmpty);
        return out;
    }

    private static void addBoth(List<String> out, String raw) {
        out.add(raw);
        String decoded = decode(raw);
        if (!decoded.equals(raw)) {
            out.add(decoded);
        }
    }

    private static String unquote(String v) {
        return v.length() >= 2 && (v.charAt(0) == '\'' || v.charAt(0) == '"') ? v.substring(1, v.length() - 1) : v;
    }

    static boolean isSecretKey(String rawKey) {
        String k = decode(rawKey).trim().toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("passwd") || k.equals("pwd") || k.equals("pass")
                || k.contains("secret") || k.contains("token");
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static String redactLoose(String s) {
        return LOOSE.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2) + MASK));
    }

    /** A URL with its secrets masked; null stays null. */
    public static String redact(String url) {
        return url == null ? null : parse(url).redacted();
    }

    /** Free text (an error message, a log line) with every URL and password=... pair in it redacted. */
    public static String scrub(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = EMBEDDED.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(parse(m.group()).redacted()));
        }
        m.appendTail(out);
        return redactLoose(out.toString());
    }

    /**
     * Checks what can be checked without a driver: the JDBC scheme, a host, and a numeric port from 1 to
     * 65535 for every host. The message names the field and shows the URL redacted.
     */
    public static void requireJdbc(String field, String url) {
        String shown = redact(url);
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new ConfigException(field, shown, "must be a PostgreSQL JDBC URL, jdbc:postgresql://HOST[:PORT]/DATABASE");
        }
        ConnectionUrl u = parse(url);
        if (u.userInfoEnd >= 0) {
            // PgJDBC would take "user:password@host" for a host name, and echo it in its error.
            throw new ConfigException(field, shown, "a JDBC URL takes no user:password@ part; give ?user=NAME and the password "
                    + "with PGPASSWORD or --password-file");
        }
        if (u.authorityStart < 0) {
            return;  // jdbc:postgresql:database, the driver's local default host
        }
        int hostsStart = u.userInfoEnd >= 0 ? u.userInfoEnd + 1 : u.authorityStart;
        int hostsEnd = hostsStart;
        while (hostsEnd < url.length() && "/?#".indexOf(url.charAt(hostsEnd)) < 0) {
            hostsEnd++;
        }
        String hosts = url.substring(hostsStart, hostsEnd);
        if (hosts.isEmpty()) {
            return;  // jdbc:postgresql:///database: localhost
        }
        for (String host : hosts.split(",", -1)) {
            String port = null;
            if (host.startsWith("[")) {
                int close = host.indexOf(']');
                if (close < 0) {
                    throw new ConfigException(field, shown, "has an IPv6 host without its closing ']'");
                }
                port = host.length() > close + 1 && host.charAt(close + 1) == ':' ? host.substring(close + 2) : null;
            } else if (host.indexOf(':') >= 0) {
                port = host.substring(host.lastIndexOf(':') + 1);
                host = host.substring(0, host.lastIndexOf(':'));
            }
            if (host.isEmpty()) {
                throw new ConfigException(field, shown, "has an empty host name");
            }
            if (port != null && !port.isEmpty() && !validPort(port)) {
                throw new ConfigException(field, shown, "port '" + port + "' is not a number from 1 to 65535");
            }
        }
    }

    private static boolean validPort(String port) {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        int p = Integer.parseInt(port);
        return p >= 1 && p <= 65535;
    }

    @Override
    public String toString() {
        return redacted();
    }
}
