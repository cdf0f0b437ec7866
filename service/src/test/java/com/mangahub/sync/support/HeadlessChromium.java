package com.mangahub.sync.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * Debian's Chromium, headless, driven over the Chrome DevTools Protocol from Java (no Node, no driver download):
 * navigate, then evaluate JavaScript in the page, as a user's clicks and reads. One page per instance.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private volatile StandIn stand;
    private final List<Exception> standInFailures = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A request the page sent, as a stand-in sees it. */
    public record Request(String method, String url, String body) {}

    /** A stand-in's answer: a status and a JSON body (null: let the request go to the real server). */
    public record Response(int status, String json) {}

    /** Answers some of the page's requests in place of the server: a fake of a route the server does not have yet. */
    @FunctionalInterface
    public interface StandIn {
        Response answer(Request request);
    }

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** The browser binary, or a failure that says which Debian package to install. */
    public static Path binary() {
        return Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome").map(Path::of)
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError("chromium not found: install Debian's chromium "
                        + "(apt-get install -y chromium); .ci/run does"));
    }

    public static HeadlessChromium start() throws Exception {
        Path profile = Files.createTempDirectory("mangahub-chromium");
        // the flags the machine notes give: without the background-networking ones Chromium keeps dialling out
        Process process = new ProcessBuilder(binary().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        try {
            int port = devToolsPort(process, profile);
            HttpClient http = HttpClient.newHttpClient();
            JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
            String pageSocket = null;
            for (JsonNode t : targets) {
                if (t.path("type").asText().equals("page")) pageSocket = t.path("webSocketDebuggerUrl").asText();
            }
            if (pageSocket == null) throw new IllegalStateException("chromium opened no page: " + targets);
            HeadlessChromium[] self = new HeadlessChromium[1];
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), new WebSocket.Listener() {
                private final StringBuilder partial = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                        self[0].answer(partial.toString());
                        partial.setLength(0);
                    }
                    ws.request(1);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
            self[0] = new HeadlessChromium(process, profile, socket);
            self[0].call("Page.enable", JSON.createObjectNode());
            return self[0];
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Chromium writes the port it chose to DevToolsActivePort in its profile once it listens. */
    private static int devToolsPort(Process process, Path profile) throws Exception {
        Path file = profile.resolve("DevToolsActivePort");
        try {
            String port = await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50))
                    .failFast("chromium exited", () -> !process.isAlive())
                    .until(() -> {
                        List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
                        return lines.isEmpty() ? "" : lines.getFirst().strip();
                    }, line -> !line.isEmpty());
            return Integer.parseInt(port);
        } catch (TerminalFailureException e) {
            throw new IllegalStateException("chromium exited: " + Files.readString(profile.resolve("chromium.log")), e);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("chromium did not open its DevTools port within 30 s", e);
        }
    }

    private void answer(String message) {
        try {
            JsonNode node = JSON.readTree(message);
            if (node.has("id")) {
                CompletableFuture<JsonNode> waiting = pending.remove(node.get("id").asInt());
                if (waiting != null) waiting.complete(node);
            } else if ("ServiceWorker.workerRegistrationUpdated".equals(node.path("method").asText())) {
                node.path("params").path("registrations").forEach(registrations::add);
            } else if ("Fetch.requestPaused".equals(node.path("method").asText()) && stand != null) {
                // answered on another thread: this one must go on delivering the answers that call() waits for
                Thread.ofVirtual().start(() -> standIn(node.get("params")));
            }
        } catch (IOException e) {
            pending.values().forEach(f -> f.completeExceptionally(e));
        }
    }

    private JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        // one message at a time: the JDK's WebSocket refuses a send while another is in progress, and stand-ins answer
        // paused requests on threads of their own
        synchronized (socket) {
            socket.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
        }
        JsonNode answer = reply.get(30, TimeUnit.SECONDS);
        if (answer.has("error")) throw new IllegalStateException(method + " failed: " + answer.get("error"));
        return answer.get("result");
    }

    /** The service worker registrations DevTools reported (ServiceWorker.workerRegistrationUpdated). */
    private final List<JsonNode> registrations = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The id of the page's service worker registration for {@code scopeUrl}, once it has one. */
    public String serviceWorkerRegistration(String scopeUrl) throws Exception {
        call("ServiceWorker.enable", JSON.createObjectNode());
        return await().atMost(Duration.ofSeconds(30)).until(() -> registrations.stream()
                .filter(r -> r.path("scopeURL").asText().equals(scopeUrl) && !r.path("isDeleted").asBoolean())
                .map(r -> r.path("registrationId").asText()).findFirst().orElse(null), java.util.Objects::nonNull);
    }

    /** Hands {@code data} to the service worker's push handler, as a push service's message would arrive. */
    public void deliverPushMessage(String origin, String registrationId, String data) throws Exception {
        call("ServiceWorker.deliverPushMessage", JSON.createObjectNode().put("origin", origin)
                .put("registrationId", registrationId).put("data", data));
    }

    /** Lets {@code origin} show notifications without asking. */
    public void grantNotifications(String origin) throws Exception {
        ObjectNode params = JSON.createObjectNode().put("origin", origin);
        params.putArray("permissions").add("notifications");
        call("Browser.grantPermissions", params);
    }

    /** Why the page could not be installed as an app (Page.getInstallabilityErrors); empty: installable. */
    public JsonNode installabilityErrors() throws Exception {
        return call("Page.getInstallabilityErrors", JSON.createObjectNode()).path("installabilityErrors");
    }

    /** Opens the page and returns once it has loaded (its deferred scripts have run). */
    public void navigate(String url) throws Exception {
        call("Page.navigate", JSON.createObjectNode().put("url", url));
        try {
            await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                    .until(() -> eval("document.readyState === 'complete' && location.href !== 'about:blank'")
                            .asBoolean());
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(url + " did not load within 30 s", e);
        }
    }

    /**
     * Evaluates a JavaScript expression in the page (promises awaited) and returns its value as JSON; a thrown
     * exception fails the call with the page's message.
     */
    public JsonNode eval(String expression) throws Exception {
        JsonNode result = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("page script failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Text of the first element matching the CSS selector, or null when there is none. */
    public String text(String selector) throws Exception {
        JsonNode value = eval("(() => { const e = document.querySelector(" + JSON.writeValueAsString(selector)
                + "); return e ? e.textContent : null; })()");
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }

    public void click(String selector) throws Exception {
        eval("document.querySelector(" + JSON.writeValueAsString(selector) + ").click()");
    }

    public void type(String selector, String value) throws Exception {
        eval("document.querySelector(" + JSON.writeValueAsString(selector) + ").value = " + JSON.writeValueAsString(value));
    }

    /**
     * A real mouse click in the middle of the first element matching the selector (a user gesture, unlike
     * {@link #click}: what a link opening a new tab needs).
     */
    public void mouseClick(String selector) throws Exception {
        JsonNode box = eval("(() => { const e = document.querySelector(" + JSON.writeValueAsString(selector) + "); "
                + "e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect(); "
                + "return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()");
        for (String type : List.of("mousePressed", "mouseReleased")) {
            call("Input.dispatchMouseEvent", JSON.createObjectNode().put("type", type).put("x", box.get("x").asDouble())
                    .put("y", box.get("y").asDouble()).put("button", "left").put("clickCount", 1));
        }
    }

    /** Focuses the first element matching the selector and presses Enter on the keyboard, as a keyboard user would. */
    public void focusAndPressEnter(String selector) throws Exception {
        eval("document.querySelector(" + JSON.writeValueAsString(selector) + ").focus()");
        for (String type : List.of("keyDown", "keyUp")) {
            ObjectNode key = JSON.createObjectNode().put("type", type).put("key", "Enter").put("code", "Enter")
                    .put("windowsVirtualKeyCode", 13).put("nativeVirtualKeyCode", 13);
            if (type.equals("keyDown")) key.put("text", "\r");
            call("Input.dispatchKeyEvent", key);
        }
    }

    /**
     * Requests whose URL matches one of the patterns (DevTools wildcards: {@code *} any text, {@code ?} any one
     * character, so a literal {@code ?} is {@code "\\?"} in Java) are given to the stand-in; what
     * it answers null for goes on to the server.
     */
    public void standIn(List<String> urlPatterns, StandIn standIn) throws Exception {
        this.stand = standIn;
        ObjectNode params = JSON.createObjectNode();
        var patterns = params.putArray("patterns");
        urlPatterns.forEach(p -> patterns.addObject().put("urlPattern", p).put("requestStage", "Request"));
        call("Fetch.enable", params);
    }

    private void standIn(JsonNode paused) {
        String requestId = paused.get("requestId").asText();
        JsonNode r = paused.get("request");
        try {
            Response answer = stand.answer(new Request(r.get("method").asText(), r.get("url").asText(),
                    r.path("postData").asText(null)));
            if (answer == null) {
                call("Fetch.continueRequest", JSON.createObjectNode().put("requestId", requestId));
                return;
            }
            ObjectNode fulfil = JSON.createObjectNode().put("requestId", requestId).put("responseCode", answer.status());
            fulfil.putArray("responseHeaders").addObject().put("name", "Content-Type").put("value", "application/json");
            if (answer.json() != null) {
                fulfil.put("body", java.util.Base64.getEncoder().encodeToString(answer.json().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            call("Fetch.fulfillRequest", fulfil);
        } catch (Exception e) {
            standInFailures.add(e);
            try {
                call("Fetch.failRequest", JSON.createObjectNode().put("requestId", requestId).put("errorReason", "Failed"));
            } catch (Exception alsoFailed) {
                standInFailures.add(alsoFailed);
            }
        }
    }

    /** What went wrong while answering for the stand-in: a test asserts there was nothing. */
    public List<Exception> standInFailures() {
        return List.copyOf(standInFailures);
    }

    /** The page's viewport as a device of that width and height (CSS pixels), e.g. a 375 px phone. */
    public void viewport(int width, int height, boolean mobile) throws Exception {
        call("Emulation.setDeviceMetricsOverride", JSON.createObjectNode().put("width", width).put("height", height)
                .put("deviceScaleFactor", 1).put("mobile", mobile));
    }

    /** Emulates {@code prefers-color-scheme} (light or dark). */
    public void colorScheme(String scheme) throws Exception {
        ObjectNode params = JSON.createObjectNode();
        params.putArray("features").addObject().put("name", "prefers-color-scheme").put("value", scheme);
        call("Emulation.setEmulatedMedia", params);
    }

    /** A PNG of the whole page as it is laid out now. */
    public void screenshot(Path file) throws Exception {
        JsonNode shot = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png")
                .put("captureBeyondViewport", true));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, java.util.Base64.getDecoder().decode(shot.get("data").asText()));
    }

    /** The URLs of every page the browser has open (a link opened in a new tab is one more). */
    public List<String> pageUrls() throws Exception {
        List<String> urls = new java.util.ArrayList<>();
        for (JsonNode t : call("Target.getTargets", JSON.createObjectNode()).path("targetInfos")) {
            if (t.path("type").asText().equals("page")) urls.add(t.path("url").asText());
        }
        return urls;
    }

    /**
     * Stops the browser and its helper processes (a network service may still be writing into the profile after
     * the main process exits: deleting under it was a CI flake), then deletes the profile.
     */
    @Override
    public void close() throws IOException {
        socket.abort();
        List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            for (ProcessHandle helper : helpers) {
                helper.destroy();
                helper.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            helpers.forEach(ProcessHandle::destroyForcibly);
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
