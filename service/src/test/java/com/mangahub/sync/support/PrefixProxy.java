package com.mangahub.sync.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * A reverse proxy as self-hosters run one in front of the service: it serves the service under a path prefix, strips
 * the prefix before forwarding, says what it saw in {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}, and
 * streams answers through as they come (an event stream included).
 */
public final class PrefixProxy implements AutoCloseable {
    private static final Set<String> REQUEST_HEADERS = Set.of("accept", "authorization", "content-type", "cookie",
            "last-event-id", "origin", "sec-fetch-site", "x-csrf-token");
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "transfer-encoding", "date");

    private final HttpServer server;
    private final HttpClient upstream = HttpClient.newHttpClient();
    private final String prefix;
    private final URI target;

    private PrefixProxy(String prefix, URI target) throws IOException {
        this.prefix = prefix;
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(prefix + "/", this::forward);
        server.start();
    }

    public static PrefixProxy start(String prefix, URI target) throws IOException {
        return new PrefixProxy(prefix, target);
    }

    /** Where a browser opens the service through this proxy: {@code http://127.0.0.1:port/prefix/}. */
    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + prefix + "/";
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath().substring(prefix.length());
            String query = exchange.getRequestURI().getRawQuery();
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(path + (query == null ? "" : "?" + query)))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body))
                    .header("X-Forwarded-Proto", "http")
                    .header("X-Forwarded-Host", "127.0.0.1:" + server.getAddress().getPort());
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (REQUEST_HEADERS.contains(name.toLowerCase(Locale.ROOT))) values.forEach(v -> request.header(name, v));
            });
            HttpResponse<InputStream> answer = upstream.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            answer.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, List.copyOf(values));
                }
            });
            boolean empty = answer.statusCode() == 204 || answer.statusCode() == 304;
            exchange.sendResponseHeaders(answer.statusCode(), empty ? -1 : 0);
            try (InputStream in = answer.body(); OutputStream out = exchange.getResponseBody()) {
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
