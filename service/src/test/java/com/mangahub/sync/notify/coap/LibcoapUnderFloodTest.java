package com.mangahub.sync.notify.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangahub.sync.notify.NotifyStack;
import com.mangahub.sync.support.Libcoap;
import com.mangahub.sync.support.PostgresExtension;
import io.micrometer.core.instrument.Counter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15, acceptance 5: libcoap's {@code coap-client} observes from 127.0.0.1 while another socket on 127.0.0.1
 * floods the server with 10,000 bad datagrams a second. The per-source limit must keep the flooder out without
 * dropping the observer's own ACKs: every one of the run's pushes is printed by the client.
 */
@ExtendWith(PostgresExtension.class)
class LibcoapUnderFloodTest {
    private static final int PUSHES = 12;
    private static final int FLOOD_PER_SECOND = 10_000;
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    private NotifyStack stack;
    private Process client;
    private final AtomicBoolean flooding = new AtomicBoolean(true);
    private final AtomicLong flooded = new AtomicLong();

    @BeforeEach
    void start() {
        stack = new NotifyStack().startBackground();
    }

    @AfterEach
    void stop() {
        flooding.set(false);
        if (client != null) client.destroyForcibly();
        stack.close();
    }

    @Test
    void anObserverOnTheFloodersAddressReceivesEveryPush() throws Exception {
        UUID manga = UUID.randomUUID();
        long mangaId = stack.insertManga(manga, "Flooded");
        var user = stack.user("flooded");
        stack.follow(user.account().id(), mangaId);
        client = Libcoap.observe(stack.coapUri(user.token(), 0L), 60);
        List<String> lines = Libcoap.lines(client.getInputStream());
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("[]"));

        Thread flood = Thread.ofPlatform().daemon(true).start(this::flood);
        await().atMost(Duration.ofSeconds(5)).until(() -> rateLimited() > 1_000);

        long started = System.nanoTime();
        for (int i = 1; i <= PUSHES; i++) {
            var response = stack.send("POST", "/notify/new-chapter", NotifyStack.ADMIN, "{\"manga_id\":\"" + manga
                    + "\",\"title\":\"Flooded\",\"chapter\":\"" + (i + 1) + "\",\"old_chapter\":\"" + i + "\"}");
            assertThat(response.statusCode()).isEqualTo(202);
            int expected = i;
            // one at a time: each push goes only once the previous one was acknowledged, so a lost ACK stalls the run
            await().atMost(Duration.ofSeconds(15)).until(() -> ids(lines).size() >= expected);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        flooding.set(false);
        flood.join();

        Set<Long> ids = ids(lines);
        System.out.printf("coap-client under a flood of %,d datagrams/s from its own address: %d of %d pushes in "
                + "%.1f s; %,d flood datagrams sent, %,.0f dropped as rate_limited%n", FLOOD_PER_SECOND, ids.size(),
                PUSHES, seconds, flooded.get(), rateLimited());
        assertThat(ids).hasSize(PUSHES);
        assertThat(lines.stream().filter(l -> l.contains("NEW_CHAPTER")).count()).isEqualTo(PUSHES);
        assertThat(rateLimited()).as("the flooder was held back").isGreaterThan(flooded.get() / 2.0);
        assertThat(stack.count("select count(*) from notifications where user_id = ? and delivered_at is not null",
                user.account().id())).isEqualTo(PUSHES);
    }

    /** Unauthenticated, truncated requests from 127.0.0.1, paced at {@link #FLOOD_PER_SECOND}. */
    private void flood() {
        byte[] bad = "\u0050\u0001\u0000\u0001garbage-garbage".getBytes(StandardCharsets.ISO_8859_1);
        var server = new InetSocketAddress("127.0.0.1", stack.coap.port());
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            long start = System.nanoTime();
            while (flooding.get()) {
                long due = (System.nanoTime() - start) * FLOOD_PER_SECOND / 1_000_000_000L;
                while (flooded.get() < due) {
                    socket.send(new DatagramPacket(bad, bad.length, server));
                    flooded.incrementAndGet();
                }
                LockSupport.parkNanos(200_000);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private double rateLimited() {
        Counter c = stack.registry.find("mangahub.coap.datagrams.dropped").tag("reason", "rate_limited").counter();
        return c == null ? 0 : c.count();
    }

    private static Set<Long> ids(List<String> lines) {
        Set<Long> ids = new LinkedHashSet<>();
        for (String line : lines) {
            Matcher m = ID.matcher(line);
            while (m.find()) ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }
}
