package com.mangahub.sync.mangadex;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The one HTTP client for MangaDex's hosts in a process: the API ({@link MangaDexClient}), the image host
 * ({@link CoverImages}) and the auth server ({@link AuthServer}). A JDK client runs a selector thread of its own from
 * the moment it is built and a pool of workers once used: about 115 KB resident idle and 500 KB in use, measured,
 * with a connection pool apart from the others. HTTP/1.1 on purpose: the rate gate, not multiplexing, bounds the
 * API's throughput, and keep-alive reuses connections. Redirects are never followed (an answer is untrusted).
 *
 * <p>Each component that uses it holds it and lets go when it closes; the client closes once every holder, its
 * creator included, has let go.
 */
public final class MangaDexHttp implements AutoCloseable {
    private final HttpClient client;
    private int holders;
    private boolean closed;

    /** A client its creator holds: {@link #close} is the creator letting go. */
    public MangaDexHttp(Duration connectTimeout) {
        this(connectTimeout, 1);
    }

    private MangaDexHttp(Duration connectTimeout, int holders) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.holders = holders;
    }

    /** A client for one component alone: its hold is the only one, so its close ends the client. */
    static MangaDexHttp forOne(Duration connectTimeout) {
        return new MangaDexHttp(connectTimeout, 0);
    }

    /** One more component uses the client. */
    synchronized MangaDexHttp hold() {
        if (closed) throw new IllegalStateException("the MangaDex HTTP client is closed");
        holders++;
        return this;
    }

    HttpClient client() {
        return client;
    }

    /** One holder lets go; the last one closes the client. */
    @Override
    public synchronized void close() {
        if (closed || --holders > 0) return;
        closed = true;
        client.close();
    }
}
