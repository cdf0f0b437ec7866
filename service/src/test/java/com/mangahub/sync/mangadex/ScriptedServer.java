package com.mangahub.sync.mangadex;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 (ephemeral port) that answers what a test scripts: fixtures, errors, 429s, resets
 * and hostile bodies. Records every request for the contract check and the assertions.
 */
final class ScriptedServer implements AutoCloseable {
    interface Script {
        Reply answer(RecordedRequest request) throws IOException;
    }

    sealed interface Reply {
        record Body(int status, String contentType, byte[] bytes, Map<String, String> headers) implements Reply {}

        /** Close the connection without an answer, as a reset or a crashed upstream would. */
        record Reset() implements Reply {}

        /** A chunked body of {@code unit} repeated until {@code totalBytes}, without ever holding it whole. */
        record Endless(String contentType, byte[] unit, long totalBytes) implements Reply {}
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(32);
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private volatile Script script;

    private ScriptedServer(Clock clock, Script script) throws IOException {
        this.clock = clock;
        this.script = script;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static ScriptedServer start(Clock clock, Script script) {
        try {
            return new ScriptedServer(clock, script);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Reply json(int status, String body) {
        return new Reply.Body(status, "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static Reply json(String body) {
        return json(200, body);
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void script(Script next) {
        this.script = next;
    }

    List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), clock.instant(),
                exchange.getRemoteAddress().getPort());
        requests.add(request);
        try (exchange) {
            switch (script.answer(request)) {
                case Reply.Body body -> send(exchange, body);
                case Reply.Reset reset -> { } // closing without headers drops the connection
                case Reply.Endless endless -> stream(exchange, endless);
            }
        } catch (IOException e) {
            // The client hung up on us (a capped body): exactly what some tests want.
        }
    }

    private static void send(HttpExchange exchange, Reply.Body body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", body.contentType());
        body.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        boolean empty = body.bytes().length == 0;
        exchange.sendResponseHeaders(body.status(), empty ? -1 : body.bytes().length);
        if (!empty) exchange.getResponseBody().write(body.bytes());
    }

    private static void stream(HttpExchange exchange, Reply.Endless endless) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", endless.contentType());
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (long sent = 0; sent < endless.totalBytes(); sent += endless.unit().length) {
            out.write(endless.unit());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
