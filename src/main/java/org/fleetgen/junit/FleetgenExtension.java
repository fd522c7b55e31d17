package org.fleetgen.junit;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.fleetgen.api.DatasetLoads;
import org.fleetgen.api.DatasetSpec;
import org.fleetgen.api.LoadOptions;
import org.fleetgen.postgres.DatabaseException;
import org.fleetgen.postgres.EmbeddedServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The extension behind {@link FleetgenDataset}: resolves the server, makes sure the dataset's template
 * database exists on it (generating it once, under a temporary name renamed into place when complete, so
 * an interrupted run never leaves a half template), then copies it for the class and drops the copy after.
 * Only databases named {@code fleetgen_tpl_*}, {@code fleetgen_tmp_*} and {@code fleetgen_t_*} are
 * created, and only the class's own copy (and a temporary database that lost a race) is ever dropped.
 */
public final class FleetgenExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(FleetgenExtension.class);
    private static final AtomicInteger COPIES = new AtomicInteger();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]*/)([^?]*)(\\?.*)?");
    private static final String DUPLICATE_DATABASE = "42P04";
    private static final String OBJECT_IN_USE = "55006";

    /** A server's admin connection: a JDBC URL of a database to connect to while creating others. */
    private record Server(String url, String user, String password) {
        Connection connect(String database) throws SQLException {
            Properties p = new Properties();
            if (user != null) {
                p.setProperty("user", user);
            }
            if (password != null && !password.isEmpty()) {
                p.setProperty("password", password);
            }
            return DriverManager.getConnection(database == null ? url : urlOf(url, database), p);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Class<?> testClass = context.getRequiredTestClass();
        FleetgenDataset a = annotation(testClass);
        DatasetSpec spec = spec(a);
        Server server = server(context, testClass);
        String hash = hash(spec.canonical() + "\n" + a.schema());
        String template = "fleetgen_tpl_" + hash + "_" + Build.FINGERPRINT;
        // One template build per JVM and server at a time; other JVMs are handled by the rename below.
        synchronized (FleetgenExtension.class) {
            if (!exists(server, template)) {
                build(server, template, hash, spec, a.schema());
                dropOtherBuilds(server, hash, template);
            }
        }
        String copy = "fleetgen_t_" + hash.substring(0, 8) + "_" + ProcessHandle.current().pid() + "_" + COPIES.incrementAndGet();
        long start = System.nanoTime();
        createFrom(server, copy, template);
        SeededDatabase db = new SeededDatabase(urlOf(server.url(), copy), server.user(), server.password(), copy, a.schema(),
                (System.nanoTime() - start) / 1e9);
        context.getStore(NS).put("db", db);
        context.getStore(NS).put("server", server);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        SeededDatabase db = context.getStore(NS).remove("db", SeededDatabase.class);
        Server server = context.getStore(NS).remove("server", Server.class);
        if (db != null && server != null) {
            try (Connection c = server.connect(null); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + quote(db.database()) + " WITH (FORCE)");
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> type = p.getParameter().getType();
        return type == SeededDatabase.class || type == DataSource.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        SeededDatabase db = null;
        for (ExtensionContext c = e; c != null && db == null; c = c.getParent().orElse(null)) {
            db = c.getStore(NS).get("db", SeededDatabase.class);
        }
        if (db == null) {
            throw new ParameterResolutionException("no database seeded for " + e.getDisplayName() + " (is the class annotated @FleetgenDataset?)");
        }
        return p.getParameter().getType() == DataSource.class ? db.dataSource() : db;
    }

    private static FleetgenDataset annotation(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            FleetgenDataset a = k.getAnnotation(FleetgenDataset.class);
            if (a != null) {
                return a;
            }
        }
        throw new ExtensionConfigurationException(c.getName() + " uses FleetgenExtension without @FleetgenDataset");
    }

    static DatasetSpec spec(FleetgenDataset a) {
        try {
            DatasetSpec.Granularity g = switch (a.granularity().toLowerCase(Locale.ROOT)) {
                case "daily" -> DatasetSpec.Granularity.DAILY;
                case "hourly" -> DatasetSpec.Granularity.HOURLY;
                default -> throw new IllegalArgumentException("granularity: " + a.granularity() + " must be daily or hourly");
            };
            return DatasetSpec.builder().model(a.model()).servers(a.servers()).start(LocalDate.parse(a.start())).end(LocalDate.parse(a.end()))
                    .granularity(g).seed(a.seed()).onlyServers(a.onlyServers()).horizonDays(a.horizonDays()).build();
        } catch (DateTimeParseException e) {
            throw new ExtensionConfigurationException("@FleetgenDataset: " + e.getParsedString() + " is not a date (YYYY-MM-DD)", e);
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException("@FleetgenDataset: " + e.getMessage(), e);
        }
    }

    private static Server server(ExtensionContext context, Class<?> testClass) throws Exception {
        for (Class<?> k = testClass; k != null; k = k.getEnclosingClass()) {
            for (Field f : k.getDeclaredFields()) {
                if (f.isAnnotationPresent(FleetgenTarget.class)) {
                    if (!Modifier.isStatic(f.getModifiers())) {
                        throw new ExtensionConfigurationException("@FleetgenTarget field " + f.getName() + " must be static");
                    }
                    f.setAccessible(true);
                    return fromContainer(f.get(null), f.getName());
                }
            }
        }
        String url = setting("fleetgen.test.url", "FLEETGEN_TEST_URL");
        if (url != null) {
            return new Server(url, setting("fleetgen.test.user", "FLEETGEN_TEST_USER"), setting("fleetgen.test.password", "FLEETGEN_TEST_PASSWORD"));
        }
        Path home = Path.of(System.getProperty("fleetgen.test.data-dir", "target/fleetgen-junit"));
        // One embedded server per run, stopped when the whole run ends.
        EmbeddedHandle handle = context.getRoot().getStore(NS).getOrComputeIfAbsent("embedded:" + home.toAbsolutePath(),
                k -> new EmbeddedHandle(home), EmbeddedHandle.class);
        EmbeddedServer.Endpoint e = handle.endpoint();
        return new Server(e.jdbcUrl(), EmbeddedServer.USER, e.password().reveal());
    }

    /** The embedded server, started once; closing the root store stops it. */
    private static final class EmbeddedHandle implements ExtensionContext.Store.CloseableResource {
        private final EmbeddedServer server;
        private final EmbeddedServer.Endpoint endpoint;

        EmbeddedHandle(Path home) {
            server = new EmbeddedServer(home);
            try {
                endpoint = server.start();
            } catch (DatabaseException e) {
                throw new ExtensionConfigurationException("cannot start fleetgen's embedded PostgreSQL in " + home + ": " + e.getMessage(), e);
            }
        }

        EmbeddedServer.Endpoint endpoint() {
            return endpoint;
        }

        @Override
        public void close() throws Throwable {
            server.stop();
        }
    }

    private static Server fromContainer(Object target, String field) throws Exception {
        if (target == null) {
            throw new ExtensionConfigurationException("@FleetgenTarget field " + field + " is null");
        }
        Method running = method(target, "isRunning");
        if (running != null && !Boolean.TRUE.equals(running.invoke(target))) {
            Method start = method(target, "start");
            if (start != null) {
                start.invoke(target);
            }
        }
        Method url = method(target, "getJdbcUrl");
        Method user = method(target, "getUsername");
        Method password = method(target, "getPassword");
        if (url == null || user == null || password == null) {
            throw new ExtensionConfigurationException("@FleetgenTarget field " + field + " (" + target.getClass().getName()
                    + ") has no getJdbcUrl(), getUsername() and getPassword()");
        }
        return new Server((String) url.invoke(target), (String) user.invoke(target), (String) password.invoke(target));
    }

    private static Method method(Object o, String name) {
        try {
            Method m = o.getClass().getMethod(name);
            m.setAccessible(true);
            return m;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static String setting(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? null : v;
    }

    private static boolean exists(Server server, String database) throws SQLException {
        try (Connection c = server.connect(null); PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            s.setString(1, database);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Generates the template under a temporary name and renames it into place, so a template that exists is complete. */
    private static void build(Server server, String template, String hash, DatasetSpec spec, String schema) throws Exception {
        String temp = "fleetgen_tmp_" + hash + "_" + Build.FINGERPRINT.substring(0, 8) + "_" + String.format(Locale.ROOT, "%08x", RANDOM.nextInt());
        try (Connection c = server.connect(null); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + quote(temp));
        }
        boolean renamed = false;
        try {
            DatasetLoads.load(urlOf(server.url(), temp), server.user(), server.password(), schema, spec, LoadOptions.defaults());
            try (Connection c = server.connect(null); Statement s = c.createStatement()) {
                retryWhileInUse(() -> s.execute("ALTER DATABASE " + quote(temp) + " RENAME TO " + quote(template)));
                renamed = true;
            } catch (SQLException e) {
                if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
                    throw e;
                }
                // Another run made the same template meanwhile: use theirs.
            }
        } finally {
            if (!renamed) {
                try (Connection c = server.connect(null); Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + quote(temp) + " WITH (FORCE)");
                }
            }
        }
    }

    private static void createFrom(Server server, String copy, String template) throws Exception {
        try (Connection c = server.connect(null); Statement s = c.createStatement()) {
            retryWhileInUse(() -> s.execute("CREATE DATABASE " + quote(copy) + " TEMPLATE " + quote(template)));
        }
    }

    @FunctionalInterface
    private interface Sql {
        void run() throws SQLException;
    }

    /** A database just left by a pool can still have a backend for some milliseconds: retry for up to 10 s. */
    private static void retryWhileInUse(Sql sql) throws SQLException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                sql.run();
                return;
            } catch (SQLException e) {
                if (!OBJECT_IN_USE.equals(e.getSQLState()) || attempt >= 100) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    static String urlOf(String url, String database) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new ExtensionConfigurationException("not a jdbc:postgresql://HOST[:PORT]/DATABASE URL: "
                    + org.fleetgen.config.ConnectionUrl.redact(url));
        }
        return m.group(1) + database + (m.group(3) == null ? "" : m.group(3));
    }

    private static String quote(String identifier) {
        return org.fleetgen.postgres.SchemaMigrator.quote(identifier);
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Which build of fleetgen this is: another build may generate other rows or another schema, so its
     * templates are not this one's. The jar's size and time, or every class and resource file's, hashed.
     */
    private static final class Build {
        static final String FINGERPRINT = fingerprint();

        private static String fingerprint() {
            try {
                Path code = Path.of(DatasetLoads.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                StringBuilder b = new StringBuilder(code.toString());
                if (java.nio.file.Files.isRegularFile(code)) {
                    b.append(java.nio.file.Files.size(code)).append(java.nio.file.Files.getLastModifiedTime(code).toMillis());
                } else {
                    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(code)) {
                        for (Path f : files.filter(java.nio.file.Files::isRegularFile).sorted().toList()) {
                            b.append(code.relativize(f)).append(java.nio.file.Files.size(f))
                                    .append(java.nio.file.Files.getLastModifiedTime(f).toMillis()).append('\n');
                        }
                    }
                }
                return hash(b.toString());
            } catch (java.io.IOException | java.net.URISyntaxException | RuntimeException e) {
                // Unknown code source: the version alone, as good as it gets.
                String v = DatasetLoads.class.getPackage().getImplementationVersion();
                return hash(v == null ? "dev" : v);
            }
        }
    }

    /** Templates of the same dataset made by other builds are stale: dropped, when nobody is copying them. */
    private static void dropOtherBuilds(Server server, String hash, String keep) throws SQLException {
        java.util.List<String> stale = new java.util.ArrayList<>();
        try (Connection c = server.connect(null);
             PreparedStatement s = c.prepareStatement("SELECT datname FROM pg_database WHERE datname LIKE ? AND datname <> ?")) {
            s.setString(1, "fleetgen_tpl_" + hash + "\\_%");
            s.setString(2, keep);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    stale.add(rs.getString(1));
                }
            }
            for (String name : stale) {
                try (Statement drop = c.createStatement()) {
                    drop.execute("DROP DATABASE IF EXISTS " + quote(name));
                } catch (SQLException inUse) {
                    // Being copied by another run right now: left for a later run to drop.
                }
            }
        }
    }
}
