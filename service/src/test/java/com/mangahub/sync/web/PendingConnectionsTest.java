package com.mangahub.sync.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.config.Config;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Connections that never finish their request's headers: one address keeps at most its cap of them (the next is closed
 * at once), each is closed at the header timeout, and neither touches another address or a finished request.
 */
class PendingConnectionsTest {
    private static final Duration HEADER_TIMEOUT = Duration.ofMillis(700);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final LimitMeters meters = new LimitMeters(registry);
    private HttpServer server;

    @BeforeEach
    void start() {
        Config.Limits d = Config.Limits.defaults();
        Config.Limits limits = new Config.Limits(d.sseStreamsPerReader(), d.coapObservationsPerReader(),
                d.requestsPerSecond(), d.requestBurst(), d.mangaDexWorkPerReader(), d.heapReservePercent(), 5,
                HEADER_TIMEOUT, Duration.ofSeconds(30));
        Routes plain = app -> app.get("/plain", ctx -> ctx.result("ok"));
        server = new HttpServer(new ObjectMapper(), registry, List.of(), List.of(plain), Outage.NONE, limits, meters)
                .start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anAddressKeepsFiveHalfOpenRequestsTheRestAreClosedAtOnceAndTheFiveAtTheHeaderTimeout() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) sockets.add(halfOpen(InetAddress.getByName("127.0.0.1")));
            long started = System.nanoTime();
            List<java.util.concurrent.Future<Long>> closing = new ArrayList<>();
            try (var each = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (Socket s : sockets) closing.add(each.submit(() -> closedWithin(s, Duration.ofSeconds(5), started)));
            }
            List<Long> closedAfterMs = new ArrayList<>();
            for (var f : closing) closedAfterMs.add(f.get());

            long early = closedAfterMs.stream().filter(ms -> ms < HEADER_TIMEOUT.toMillis() / 2).count();
            assertThat(early).as("closed at once, over the per-address cap: %s", closedAfterMs).isEqualTo(15);
            assertThat(closedAfterMs).as("every connection was closed").allMatch(ms -> ms >= 0);
            assertThat(meters.refusals(PendingConnections.PER_ADDRESS)).isEqualTo(15);
            assertThat(meters.refusals(PendingConnections.HEADER_TIMEOUT)).isEqualTo(5);
        } finally {
            for (Socket s : sockets) s.close();
        }
    }

    @Test
    void anotherAddressAndAKeptAliveConnectionAreServedBesideAFullCap() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) sockets.add(halfOpen(InetAddress.getByName("127.0.0.1")));
            try (Socket other = connect(InetAddress.getByName("127.0.0.2"))) {
                assertThat(get(other)).startsWith("HTTP/1.1 200");
                assertThat(get(other)).as("the same connection, kept alive").startsWith("HTTP/1.1 200");
            }
        } finally {
            for (Socket s : sockets) s.close();
        }
    }

    private Socket connect(InetAddress from) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 2_000);
        return s;
    }

    private Socket halfOpen(InetAddress from) throws IOException {
        Socket s = connect(from);
        s.getOutputStream().write("GET /plain HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
        return s;
    }

    /** Milliseconds from {@code started} until the server closed this connection; -1 if it did not within. */
    private static long closedWithin(Socket s, Duration within, long started) throws IOException {
        s.setSoTimeout((int) within.toMillis());
        try (InputStream in = s.getInputStream()) {
            while (in.read() >= 0) { /* no answer is expected; read to the end */ }
            return (System.nanoTime() - started) / 1_000_000;
        } catch (SocketTimeoutException e) {
            return -1;
        } catch (IOException reset) {
            return (System.nanoTime() - started) / 1_000_000;
        }
    }

    private static String get(Socket s) throws IOException {
        s.getOutputStream().write("GET /plain HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        s.setSoTimeout(5_000);
        byte[] buffer = new byte[4096];
        StringBuilder out = new StringBuilder();
        InputStream in = s.getInputStream();
        while (!out.toString().endsWith("ok")) {
            int n = in.read(buffer);
            if (n < 0) break;
            out.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
        }
        return out.toString();
    }
}
