package com.mangahub.sync.notify.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangahub.sync.App;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.notify.NotifyStack;
import com.mangahub.sync.notify.coap.CoapSettings;
import com.mangahub.sync.support.PostgresExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 29: each event is one write, so a write no longer fails because the client closed its end after the one
 * before; the client's FIN itself must end its stream. The service's own 15-s heartbeat here, so a close noticed
 * within a second was noticed from the FIN, not from a heartbeat that failed.
 */
@ExtendWith(PostgresExtension.class)
class SseClosedClientTest {
    private NotifyStack stack;
    private final UUID manga = UUID.randomUUID();

    @AfterEach
    void stop() {
        if (stack != null) stack.close();
    }

    private void start() {
        Config.Limits limits = new Config.Limits(10, 10, 0, 1, 2, 0, 1_000_000, Duration.ofSeconds(10),
                Duration.ofSeconds(30));
        stack = new NotifyStack(Clock.systemUTC(), CoapSettings.defaults(), new Config.Notify(10, Duration.ofHours(1)),
                NotifyStack.catalogueOnly(), Optional.empty(), App.SSE_HEARTBEAT, limits).startBackground();
        assertThat(App.SSE_HEARTBEAT).isGreaterThan(Duration.ofSeconds(5));
    }

    /**
     * The other side of the same watch: a client that reads its last event and closes at once sends its FIN while
     * the server is still between that event's write and its credit. What the client read is credited all the
     * same; only a close reported before a write means the client is gone. Repeated, since the close races the
     * credit by microseconds.
     */
    @Test
    void aClientThatClosesRightAfterItsLastEventIsCreditedWithEveryEventItRead() throws Exception {
        start();
        long mangaId = stack.insertManga(manga, "Dandadan");
        var reader = stack.user("reads-and-leaves");
        stack.follow(reader.account().id(), mangaId);
        for (int n = 1; n <= 3; n++) chapter(n);
        await().atMost(Duration.ofSeconds(5)).until(() -> stack.count(
                "select count(*) from notifications where user_id = ?", reader.account().id()) == 3);

        for (int round = 1; round <= 20; round++) {
            try (Socket s = new Socket("127.0.0.1", stack.http.port())) {
                InputStream in = openStream(s, reader.token(), "?after=0");
                for (int i = 0; i < 3; i++) assertThat(nextEventId(in)).isPositive();
            }
            long expected = 3L * round;
            await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                    .until(() -> stack.sse.clients() == 0 && sent() >= expected);
            assertThat(sent()).as("round %d: every event read, credited once", round).isEqualTo(expected);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> delivered(reader.account().id()) == 3);
    }

    @Test
    void aClientThatClosesItsEndIsNeverCreditedWithALaterEventAndItsStreamIsGoneAtOnce() throws Exception {
        start();
        long mangaId = stack.insertManga(manga, "Dandadan");
        var leaving = stack.user("closes-the-tab");
        var staying = stack.user("keeps-the-tab");
        stack.follow(leaving.account().id(), mangaId);
        stack.follow(staying.account().id(), mangaId);

        try (Socket kept = new Socket("127.0.0.1", stack.http.port())) {
            InputStream keptIn = openStream(kept, staying.token());
            Socket closing = new Socket("127.0.0.1", stack.http.port());
            InputStream closingIn = openStream(closing, leaving.token());
            await().atMost(Duration.ofSeconds(5)).until(() -> stack.sse.clients() == 2);

            chapter(1);
            assertThat(nextEventId(closingIn)).isPositive();
            assertThat(nextEventId(keptIn)).isPositive();
            await().atMost(Duration.ofSeconds(5)).until(() -> delivered(leaving.account().id()) == 1);

            // a FIN (a close with unread bytes would be a reset, which the watch also notices)
            closing.shutdownOutput();
            closing.close();
            // from the FIN: far sooner than the 15-s heartbeat that is the only write due on an idle stream
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                    .until(() -> stack.sse.clients() == 1 && inUse() == 1.0);

            chapter(2);
            long second = nextEventId(keptIn);
            // the same fan-out wrote the kept stream's event and credited it: the closed one had its chance too
            await().atMost(Duration.ofSeconds(5)).until(() -> stack.count(
                    "select count(*) from notifications where id = ? and delivered_at is not null", second) == 1);
            assertThat(stack.count("select count(*) from notifications where user_id = ?", leaving.account().id()))
                    .isEqualTo(2);
            assertThat(delivered(leaving.account().id())).as("only the event it read before closing").isEqualTo(1);
            assertThat(stack.metrics.deliveries().get("sse").get("sent")).as("one to each, then one to the kept")
                    .isEqualTo(3);
        }
    }

    private long sent() {
        return stack.metrics.deliveries().getOrDefault("sse", Map.of()).getOrDefault("sent", 0L);
    }

    private long delivered(long userId) {
        return stack.count("select count(*) from notifications where user_id = ? and delivered_at is not null", userId);
    }

    private double inUse() {
        return stack.registry.get("mangahub.limit.in.use").tag("limit", SseRoutes.PER_READER).gauge().value();
    }

    private void chapter(int n) {
        assertThat(stack.send("POST", "/notify/new-chapter", NotifyStack.ADMIN, "{\"manga_id\":\"" + manga
                + "\",\"title\":\"Dandadan\",\"chapter\":\"" + n + "\",\"old_chapter\":\"" + (n - 1) + "\"}")
                .statusCode()).isEqualTo(202);
    }

    /** Sends the stream's GET and reads its head; the stream's body follows on the returned input. */
    private static InputStream openStream(Socket s, String token) throws IOException {
        return openStream(s, token, "");
    }

    private static InputStream openStream(Socket s, String token, String query) throws IOException {
        s.getOutputStream().write(("GET /api/me/notifications/stream" + query
                + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + token + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        s.setSoTimeout(10_000);
        InputStream in = s.getInputStream();
        String status = SseLoadClient.readLine(in);
        assertThat(status).startsWith("HTTP/1.1 200");
        for (String line = SseLoadClient.readLine(in); line != null && !line.isEmpty(); line = SseLoadClient.readLine(in)) { }
        return in;
    }

    /** The id of the next event on a stream (chunk sizes and heartbeats skipped). */
    private static long nextEventId(InputStream in) throws IOException {
        for (String line = SseLoadClient.readLine(in); line != null; line = SseLoadClient.readLine(in)) {
            if (line.startsWith("id: ")) return Long.parseLong(line.substring(4).strip());
        }
        throw new AssertionError("the stream ended before its event");
    }
}
