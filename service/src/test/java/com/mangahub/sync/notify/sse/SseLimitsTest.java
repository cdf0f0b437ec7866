package com.mangahub.sync.notify.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.notify.NotifyStack;
import com.mangahub.sync.notify.coap.CoapSettings;
import com.mangahub.sync.reader.ReaderLimits;
import com.mangahub.sync.support.PostgresExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A reader's caps on the HTTP side: open streams, requests per second, follows in flight; and memory admission. */
@ExtendWith(PostgresExtension.class)
class SseLimitsTest {
    private NotifyStack stack;

    @AfterEach
    void stop() {
        if (stack != null) stack.close();
    }

    private NotifyStack stack(int streams, int requestsPerSecond, int burst, int heapReserve) {
        Config.Limits limits = new Config.Limits(streams, 10, requestsPerSecond, burst, 2, heapReserve, 1_000_000,
                Duration.ofSeconds(10), Duration.ofSeconds(30));
        stack = new NotifyStack(Clock.systemUTC(), CoapSettings.defaults(), new Config.Notify(10, Duration.ofHours(1)),
                NotifyStack.catalogueOnly(), Optional.empty(), NotifyStack.TEST_SSE_HEARTBEAT, limits).startBackground();
        return stack;
    }

    @Test
    void theEleventhStreamOfAReaderIsAJson429NamingTheCapAndOneEndingMakesRoomForTheNext() throws Exception {
        stack(10, 0, 1, 0);
        String token = stack.user("many-tabs").token();
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                Socket s = new Socket("127.0.0.1", stack.http.port());
                assertThat(openStream(s, token)).startsWith("HTTP/1.1 200");
                open.add(s);
            }
            try (Socket refused = new Socket("127.0.0.1", stack.http.port())) {
                String answer = openStream(refused, token);
                assertThat(answer).startsWith("HTTP/1.1 429").contains("Retry-After: 30");
                JsonNode body = stack.parse(answer.substring(answer.indexOf("\r\n\r\n") + 4));
                assertThat(body.path("error").asText()).isEqualTo("too_many_requests");
                assertThat(body.path("limit").asText()).isEqualTo(SseRoutes.PER_READER);
                assertThat(openStream(refused, token)).as("the connection is kept for another try").startsWith("HTTP/1.1 429");
            }
            try (Socket other = new Socket("127.0.0.1", stack.http.port())) {
                assertThat(openStream(other, stack.user("another").token())).as("another reader").startsWith("HTTP/1.1 200");
            }
            open.remove(0).close();
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                try (Socket again = new Socket("127.0.0.1", stack.http.port())) {
                    return openStream(again, token).startsWith("HTTP/1.1 200");
                }
            });
            assertThat(stack.limitMeters.refusals(SseRoutes.PER_READER)).isGreaterThanOrEqualTo(2);
        } finally {
            for (Socket s : open) s.close();
        }
    }

    @Test
    void aStreamTheHeapCouldNotHoldIsAJson503WhateverTheCap() throws Exception {
        // a reserve of 90 % of the heap: this JVM's heap in use is already past it, whatever a collection frees
        stack(0, 0, 1, 90);
        byte[] ballast = new byte[(int) Math.min(Integer.MAX_VALUE - 8, Runtime.getRuntime().maxMemory() / 5)];
        try (Socket s = new Socket("127.0.0.1", stack.http.port())) {
            String answer = openStream(s, stack.user("anyone").token());
            assertThat(answer).startsWith("HTTP/1.1 503").contains("Retry-After: 10");
            JsonNode body = stack.parse(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertThat(body.path("error").asText()).isEqualTo("overloaded");
            assertThat(body.path("limit").asText()).isEqualTo("heap_reserve");
        }
        assertThat(ballast.length).isPositive();
    }

    @Test
    void aReaderPastTheirRequestBurstIsAJson429WithTheWaitAndAnotherReaderIsNot() {
        stack(10, 2, 5, 0);
        String flooder = stack.user("flooder").token();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) statuses.add(stack.send("GET", "/api/me", flooder, null).statusCode());
        assertThat(statuses.subList(0, 5)).containsOnly(200);
        var refused = stack.send("GET", "/api/me", flooder, null);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 2L));
        assertThat(stack.parse(refused.body()).path("limit").asText()).isEqualTo(ReaderLimits.REQUESTS);
        assertThat(stack.send("GET", "/api/me", stack.user("calm").token(), null).statusCode()).isEqualTo(200);
    }

    /** Sends a stream request on this connection and returns the answer's head (and body, for a refusal). */
    private static String openStream(Socket s, String token) throws IOException {
        s.getOutputStream().write(("GET /api/me/notifications/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + token + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        s.setSoTimeout(5_000);
        InputStream in = s.getInputStream();
        StringBuilder out = new StringBuilder();
        int contentLength = -1;
        while (true) {
            int b = in.read();
            if (b < 0) return out.toString();
            out.append((char) b);
            int end = out.indexOf("\r\n\r\n");
            if (end >= 0 && contentLength < 0) {
                String head = out.substring(0, end).toLowerCase();
                if (head.startsWith("http/1.1 200")) return out.toString();
                int at = head.indexOf("content-length:");
                contentLength = at < 0 ? 0 : Integer.parseInt(head.substring(at + 15, head.indexOf('\r', at) < 0
                        ? head.length() : head.indexOf('\r', at)).strip());
            }
            if (contentLength >= 0 && out.length() >= out.indexOf("\r\n\r\n") + 4 + contentLength) return out.toString();
        }
    }
}
