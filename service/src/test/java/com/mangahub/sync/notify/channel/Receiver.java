package com.mangahub.sync.notify.channel;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A local HTTP receiver standing in for a webhook endpoint, Discord, ntfy or Gotify: records every request and
 * answers what the test's script says. {@link Reply#DROP} closes the connection without any answer.
 */
final class Receiver implements AutoCloseable {
    /** A received request; header names lower-cased. */
    record Request(String method, String path, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name);
        }
    }

    /** An answer: status, headers, body. */
    record Reply(int status, Map<String, String> headers, String body) {
        static final Reply DROP = new Reply(-1, Map.of(), "");
        static final Reply OK = new Reply(204, Map.of(), "");

        static Reply of(int status, String body, String... headerPairs) {
            Map<String, String> h = new java.util.LinkedHashMap<>();
            for (int i = 0; i + 1 < headerPairs.length; i += 2) h.put(headerPairs[i], headerPairs[i + 1]);
            return new Reply(status, h, body);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Reply> script;

    Receiver(Function<Request, Reply> script) throws IOException {
        this.script = script;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    static Receiver accepting() throws IOException {
        return new Receiver(r -> Reply.OK);
    }

    void answer(Function<Request, Reply> next) {
        script = next;
    }

    private void handle(HttpExchange ex) throws IOException {
        Map<String, String> headers = new java.util.TreeMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(ex.getRequestMethod(), ex.getRequestURI().toString(), headers, body);
        requests.add(request);
        Reply reply = script.apply(request);
        if (reply.status() < 0) {
            ex.close(); // no status line at all: the client sees the connection end
            return;
        }
        reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) ex.getResponseBody().write(bytes);
        ex.close();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
