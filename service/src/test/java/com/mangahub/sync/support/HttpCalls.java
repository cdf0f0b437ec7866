package com.mangahub.sync.support;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Plain HTTP calls with any headers (cookies, CSRF and forwarded headers included), and an event stream's lines. */
public final class HttpCalls {
    /** What {@link #lines} adds when the server ends the stream. */
    public static final String EOF = "<end of stream>";

    private HttpCalls() {}

    /** One call; a body is sent as JSON. */
    public static HttpResponse<String> send(HttpClient http, String url, String method, Map<String, String> headers,
                                            String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (body != null) all.put("Content-Type", "application/json");
        all.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The stream's lines as they arrive, then {@link #EOF} when the server ends it; the reading thread is added. */
    public static List<String> lines(HttpResponse<InputStream> response, List<Thread> readers) {
        List<String> lines = new CopyOnWriteArrayList<>();
        readers.add(Thread.ofVirtual().start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) lines.add(line);
                lines.add(EOF);
            } catch (java.io.IOException e) {
                lines.add("failed: " + e.getMessage());
            }
        }));
        return lines;
    }
}
