package org.fleetgen.config;

import java.util.regex.Pattern;

/**
 * Where a dataset goes: a PostgreSQL JDBC URL, the user and password, and the schema.
 * The password is a {@link Secret}; {@link #redactedUrl()} shows the URL with every secret in it masked
 * ({@link ConnectionUrl}).
 */
public record DatabaseTarget(String jdbcUrl, String user, Secret password, String schema) {
    /** A plain lower-case identifier: safe in search_path and needs no quoting anywhere. */
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public DatabaseTarget {
        ConnectionUrl.requireJdbc("url", jdbcUrl);
        requireSchema(schema);
        if (password == null) {
            password = new Secret("");
        }
    }

    /** Checks a schema name on its own, before anything is connected or started. */
    public static String requireSchema(String schema) {
        if (schema == null || !SCHEMA.matcher(schema).matches()) {
            throw new ConfigException("schema", schema, "must be a lower-case identifier: a-z, 0-9 and _, not starting with a digit, at most 63 characters");
        }
        return schema;
    }

    public String redactedUrl() {
        return ConnectionUrl.redact(jdbcUrl);
    }

    @Override
    public String toString() {
        return "DatabaseTarget[" + redactedUrl() + ", user=" + user + ", schema=" + schema + "]";
    }
}
