package org.fleetgen.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A headless Chromium driven over the DevTools protocol (a WebSocket from the JDK's HttpClient; no
 * driver, no npm): it opens a page and records what a reader's browser would do with it: console
 * errors, uncaught exceptions, log entries (Content-Security-Policy refusals among them) and every
 * network request. One page per instance; {@link #close()} ends the browser and removes its profile.
 *
 * <p>The flags are the ones that keep Debian's chromium off the network on these machines
 * (../shared/design/containers-and-engines-here.md).
 */
public final class Chromium implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> events = new ArrayList<>();
    private String pageUrl;

    /** The browser to run: $FLEETGEN_CHROMIUM, else the first of Debian's and Google's usual paths; empty when none. */
    public static Optional<Path> binary() {
        String env = System.getenv("FLEETGEN_CHROMIUM");
        if (env != null && !env.isBlank()) {
            return Optional.of(Path.of(env)).filter(Files::isExecutable);
        }
        return Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable")
                .map(Path::of).filter(Files::isExecutable).findFirst();
    }

    public static Chromium start(Path binary, Path log, int width, int height) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("fleetgen-chromium-");
        Process p = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=" + width + "," + height, "about:blank")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            return new Chromium(p, profile);
        } catch (IOException | InterruptedException | RuntimeException e) {
            p.destroyForcibly();
            deleteTree(profile);
            throw e;
        }
    }

    private Chromium(Process process, Path profile) throws IOException, InterruptedException {
        this.process = process;
        this.profile = profile;
        // Chromium writes the port it chose into the profile once DevTools listens.
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("chromium did not open its DevTools port (alive: " + process.isAlive() + ")");
            }
            Thread.sleep(50);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
        HttpClient http = HttpClient.newHttpClient();
        String wsUrl = null;
        while (wsUrl == null) {
            String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (Object target : Json.array(Json.parse(list))) {
                if ("page".equals(Json.at(target, "type"))) {
                    wsUrl = (String) Json.at(target, "webSocketDebuggerUrl");
                }
            }
            if (wsUrl == null) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("chromium shows no page target: " + list);
                }
                Thread.sleep(50);
            }
        }
        try {
            socket = http.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(URI.create(wsUrl), new Listener())
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("cannot connect to chromium's DevTools at " + wsUrl + ": " + e, e);
        }
        call("Page.enable", "{}");
        call("Runtime.enable", "{}");
        call("Log.enable", "{}");
        call("Network.enable", "{}");
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                Map<String, Object> m = Json.object(Json.parse(message.toString()));
                message.setLength(0);
                Object id = m.get("id");
                if (id != null) {
                    CompletableFuture<Map<String, Object>> f = pending.remove(((Number) id).intValue());
                    if (f != null) {
                        f.complete(m);
                    }
                } else {
                    synchronized (events) {
                        events.add(m);
                        events.notifyAll();
                    }
                }
            }
            ws.request(1);
            return null;
        }
    }

    /** Sends one command and waits for its result; a protocol error is thrown. */
    public Map<String, Object> call(String method, String paramsJson) throws IOException {
        int id = ids.incrementAndGet();
        CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
        pending.put(id, f);
        socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}", true);
        Map<String, Object> reply;
        try {
            reply = f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException(method + " got no answer: " + e, e);
        }
        if (reply.get("error") != null) {
            throw new IOException(method + " failed: " + reply.get("error"));
        }
        return Json.object(reply.get("result"));
    }

    /** Opens the file and waits for its load event. */
    public void open(Path file) throws IOException, InterruptedException {
        pageUrl = file.toAbsolutePath().toUri().toString();
        call("Page.navigate", "{\"url\":" + quote(pageUrl) + "}");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (events) {
            while (events.stream().noneMatch(e -> "Page.loadEventFired".equals(e.get("method")))) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new IOException("the page did not finish loading: " + pageUrl);
                }
                events.wait(left);
            }
        }
    }

    /** Evaluates a JavaScript expression in the page and returns its value as JSON gives it back. */
    public Object evaluate(String expression) throws IOException {
        Map<String, Object> r = call("Runtime.evaluate", "{\"expression\":" + quote(expression) + ",\"returnByValue\":true}");
        if (r.get("exceptionDetails") != null) {
            throw new IOException("the page threw evaluating " + expression + ": " + r.get("exceptionDetails"));
        }
        return Json.at(r, "result", "value");
    }

    /** Waits until the expression is true in the page. */
    public void await(String expression) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!Boolean.TRUE.equals(evaluate(expression))) {
            if (System.nanoTime() > deadline) {
                throw new IOException("never true in the page: " + expression);
            }
            Thread.sleep(50);
        }
    }

    /** Console errors and assertions, uncaught exceptions, and error-level log entries (CSP refusals among them). */
    public List<String> errors() {
        List<String> out = new ArrayList<>();
        synchronized (events) {
            for (Map<String, Object> e : events) {
                Object method = e.get("method");
                if ("Runtime.consoleAPICalled".equals(method)) {
                    Object type = Json.at(e, "params", "type");
                    if ("error".equals(type) || "assert".equals(type)) {
                        out.add("console." + type + ": " + Json.at(e, "params", "args"));
                    }
                } else if ("Runtime.exceptionThrown".equals(method)) {
                    Object d = Json.at(e, "params", "exceptionDetails");
                    out.add("exception: " + Json.at(d, "exception", "description") + " / " + Json.at(d, "text"));
                } else if ("Log.entryAdded".equals(method) && "error".equals(Json.at(e, "params", "entry", "level"))) {
                    out.add("log (" + Json.at(e, "params", "entry", "source") + "): " + Json.at(e, "params", "entry", "text"));
                }
            }
        }
        return out;
    }

    /** Every request the page made, except the one that opened it. */
    public List<String> requests() {
        List<String> out = new ArrayList<>();
        synchronized (events) {
            for (Map<String, Object> e : events) {
                if ("Network.requestWillBeSent".equals(e.get("method"))) {
                    String url = (String) Json.at(e, "params", "request", "url");
                    if (!url.equals(pageUrl)) {
                        out.add(url);
                    }
                }
            }
        }
        return out;
    }

    /** A PNG of the page: the whole of it when {@code height} is 0, else its top {@code height} pixels. */
    public void screenshot(Path png, int height) throws IOException {
        Map<String, Object> metrics = call("Page.getLayoutMetrics", "{}");
        Object content = metrics.containsKey("cssContentSize") ? metrics.get("cssContentSize") : metrics.get("contentSize");
        double w = ((Number) Json.at(content, "width")).doubleValue();
        double h = height > 0 ? Math.min(height, ((Number) Json.at(content, "height")).doubleValue())
                : ((Number) Json.at(content, "height")).doubleValue();
        Map<String, Object> shot = call("Page.captureScreenshot", String.format(java.util.Locale.ROOT,
                "{\"format\":\"png\",\"captureBeyondViewport\":true,\"clip\":{\"x\":0,\"y\":0,\"width\":%.0f,\"height\":%.0f,\"scale\":1}}", w, h));
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode((String) shot.get("data")));
    }

    public static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // The browser is ended below either way.
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(profile);
    }

    /**
     * Deletes the browser's temporary profile. Its helper processes can still be writing files after the main
     * process ended (a file gone between listing and deleting failed a CI run), so a walk that meets a vanished
     * file is tried again; a profile left behind is harmless.
     */
    private static void deleteTree(Path dir) {
        for (int attempt = 0; attempt < 5 && Files.exists(dir); attempt++) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException | java.io.UncheckedIOException e) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
