package com.mangahub.sync.notify.channel;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Inet6Address;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The one HTTP client of every channel: connect and request timeouts, no redirects (a receiver cannot bounce us to an
 * internal address), response bodies read up to a cap and dropped beyond it. A plain-http target is sent to the
 * address {@link TargetGuard} checked, with the name in the Host header, so a DNS answer that changed since the check
 * (rebinding) is never used; an https target is sent by name, where a rebinding to an internal server fails the
 * certificate check for the public name.
 */
public final class ChannelHttp implements AutoCloseable {
    static final int MAX_RESPONSE_BYTES = 16 * 1024;
    private static final String RESTRICTED = "jdk.httpclient.allowRestrictedHeaders";

    static {
        allowHostHeader();
    }

    private final HttpClient client;
    private final Duration requestTimeout;

    public ChannelHttp(Duration connectTimeout, Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                // HTTP/2 would first offer a cleartext upgrade on every new plain-http connection; receivers are
                // webhooks and small APIs, where HTTP/1.1 keep-alive is what works everywhere
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /**
     * Lets requests carry their own Host header (the JDK forbids it unless this property is set before its client
     * first loads); the composition root calls this before any client exists. An explicit -D setting is kept.
     */
    public static void allowHostHeader() {
        String current = System.getProperty(RESTRICTED);
        if (current == null) System.setProperty(RESTRICTED, "host");
        else if (!current.toLowerCase(java.util.Locale.ROOT).contains("host")) System.setProperty(RESTRICTED, current + ",host");
    }

    /** The answer: status, headers and at most {@link #MAX_RESPONSE_BYTES} of the body. */
    public record Answer(int status, java.net.http.HttpHeaders headers, byte[] body) {}

    public Answer post(ChannelRequest request, TargetGuard.Checked target) throws IOException, InterruptedException {
        URI uri = request.uri();
        HttpRequest.Builder b = HttpRequest.newBuilder().timeout(requestTimeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.bytes()))
                .header("user-agent", "MangaHub-Sync-Channels");
        if ("http".equalsIgnoreCase(uri.getScheme()) && sameHost(uri, target)) {
            b.uri(pinned(uri, target.address()));
            b.header("host", uri.getRawAuthority());
        } else {
            b.uri(uri);
        }
        for (Map.Entry<String, String> h : request.headers().entrySet()) b.header(h.getKey(), h.getValue());
        HttpResponse<InputStream> response = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            return new Answer(response.statusCode(), response.headers(), in.readNBytes(MAX_RESPONSE_BYTES));
        }
    }

    private static boolean sameHost(URI uri, TargetGuard.Checked target) {
        return TargetGuard.bareHost(uri).equalsIgnoreCase(TargetGuard.bareHost(target.uri()));
    }

    private static URI pinned(URI uri, InetAddress address) {
        String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        try {
            return new URI(uri.getScheme(), null, host, uri.getPort(), uri.getRawPath() == null || uri.getRawPath().isEmpty()
                    ? "/" : uri.getPath(), uri.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new TargetGuard.Refused("cannot address " + uri.getHost() + " by its address: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
