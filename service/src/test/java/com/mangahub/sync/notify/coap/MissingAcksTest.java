package com.mangahub.sync.notify.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangahub.sync.config.Config;
import com.mangahub.sync.notify.NotifyStack;
import com.mangahub.sync.support.Libcoap;
import com.mangahub.sync.support.PostgresExtension;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15: an observer whose ACKs went missing is re-sent what it lacks on the next notification rather than
 * dropped. libcoap's {@code coap-client} observes through a relay that loses every ACK of the first push (as a flood
 * or a client that never re-acknowledges a retransmission would): the next push carries both notifications as a new
 * message, the client acknowledges it, both are delivered and the observation lives on.
 */
@ExtendWith(PostgresExtension.class)
class MissingAcksTest {
    private NotifyStack stack;
    private AckEater relay;
    private Process client;
    private final UUID manga = UUID.randomUUID();

    @BeforeEach
    void start() throws IOException {
        // a short ACK_TIMEOUT so retransmissions come quickly; the timeout that ends an observation is ~9 s away
        stack = new NotifyStack(Clock.systemUTC(), CoapSettings.defaults().withAckTimeout(Duration.ofMillis(300)),
                new Config.Notify(10, Duration.ofHours(1)), NotifyStack.catalogueOnly()).startBackground();
        relay = new AckEater(new InetSocketAddress("127.0.0.1", stack.coap.port()), "\"chapter\":\"1\"");
    }

    @AfterEach
    void stop() {
        if (client != null) client.destroyForcibly();
        relay.close();
        stack.close();
    }

    @Test
    void theNextPushCarriesTheUnacknowledgedOneAndTheObservationLivesOn() throws Exception {
        long mangaId = stack.insertManga(manga, "Sakamoto Days");
        var user = stack.user("lossy-acks");
        stack.follow(user.account().id(), mangaId);
        client = Libcoap.observe("coap://127.0.0.1:" + relay.port() + "/notifications?token=" + user.token()
                + "&after=0", 60);
        List<String> lines = Libcoap.lines(client.getInputStream());
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("[]"));

        chapter(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> lines.stream().anyMatch(l -> l.contains("\"chapter\":\"1\"")));
        // overdue once retransmitted ObserverSession.OVERDUE_AFTER times without an ACK
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries("retransmitted") >= ObserverSession.OVERDUE_AFTER
                && relay.eaten.get() >= 1);
        assertThat(undelivered(user.account().id())).as("its ACK went missing").isEqualTo(1);

        chapter(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.contains("\"chapter\":\"2\"")));
        String replacement = lines.stream().filter(l -> l.contains("\"chapter\":\"2\"")).findFirst().orElseThrow();
        assertThat(replacement).as("what the client lacks, then the new one").contains("\"chapter\":\"1\"");
        await().atMost(Duration.ofSeconds(5)).until(() -> undelivered(user.account().id()) == 0);
        assertThat(deliveries("replaced")).isEqualTo(1);
        assertThat(stack.coap.observers()).as("the observation lives on").isEqualTo(1);

        chapter(3);
        await().atMost(Duration.ofSeconds(5)).until(() -> lines.stream().anyMatch(l -> l.contains("\"chapter\":\"3\"")));
        String third = lines.stream().filter(l -> l.contains("\"chapter\":\"3\"")).findFirst().orElseThrow();
        assertThat(third).as("acknowledged ones are not sent again").doesNotContain("\"chapter\":\"2\"");
        await().atMost(Duration.ofSeconds(5)).until(() -> undelivered(user.account().id()) == 0);
        assertThat(deliveries("timeout")).isZero();
        System.out.printf("ACKs of the first push eaten: %d; its notification went again with the next push "
                + "(%s) and both were acknowledged%n", relay.eaten.get(), replacement);
    }

    @Test
    void anObserverThatAcknowledgesNothingStillEndsHoweverManyPushesArrive() throws Exception {
        relay.eatEverything();
        long mangaId = stack.insertManga(manga, "Silent Client");
        var user = stack.user("silent");
        stack.follow(user.account().id(), mangaId);
        client = Libcoap.observe("coap://127.0.0.1:" + relay.port() + "/notifications?token=" + user.token()
                + "&after=0", 60);
        List<String> lines = Libcoap.lines(client.getInputStream());
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("[]"));
        await().atMost(Duration.ofSeconds(5)).until(() -> stack.coap.observers() == 1);
        // a push every few hundred milliseconds keeps offering replacements; the cap still lets the timeout come
        int pushes = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (stack.coap.observers() > 0 && System.nanoTime() < deadline) {
            double retransmitted = deliveries("retransmitted");
            chapter(++pushes);
            int sent = pushes;
            await().atMost(Duration.ofSeconds(5)).until(() -> stack.count(
                    "select count(*) from notifications where user_id = ?", user.account().id()) == sent);
            // the next push once the one in flight was retransmitted again (a fresh chance to replace it)
            await().atMost(Duration.ofSeconds(15)).until(() -> deliveries("retransmitted") > retransmitted
                    || stack.coap.observers() == 0);
        }
        System.out.printf("an observer acknowledging nothing ended after %d pushes (%.0f replacements)%n", pushes,
                deliveries("replaced"));
        assertThat(stack.coap.observers()).as("the observation ended").isZero();
        assertThat(deliveries("replaced")).isLessThanOrEqualTo(CoapSettings.defaults().maxRetransmit());
        assertThat(undelivered(user.account().id())).isEqualTo(pushes);
    }

    private void chapter(int n) {
        assertThat(stack.send("POST", "/notify/new-chapter", NotifyStack.ADMIN, "{\"manga_id\":\"" + manga
                + "\",\"title\":\"t\",\"chapter\":\"" + n + "\",\"old_chapter\":\"" + (n - 1) + "\"}")
                .statusCode()).isEqualTo(202);
    }

    private long undelivered(long userId) {
        return stack.count("select count(*) from notifications where user_id = ? and delivered_at is null", userId);
    }

    private double deliveries(String outcome) {
        return stack.registry.find("mangahub.notification.deliveries").tag("channel", "coap").tag("outcome", outcome).counters()
                .stream().mapToDouble(Counter::count).sum();
    }

    /**
     * A loopback UDP relay that loses the client's ACKs of the notification whose payload holds {@code marker}:
     * the first, and every later one with that message id (a retransmission's). Or every ACK, once told.
     */
    private static final class AckEater implements AutoCloseable {
        private static final int ACK = 2;
        private final DatagramSocket front = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        private final InetSocketAddress server;
        private final byte[] marker;
        private final Set<Integer> doomed = ConcurrentHashMap.newKeySet();
        private final java.util.Map<SocketAddress, DatagramSocket> upstream = new ConcurrentHashMap<>();
        private volatile boolean everything;
        private volatile boolean running = true;
        final AtomicLong eaten = new AtomicLong();

        AckEater(InetSocketAddress server, String marker) throws IOException {
            this.server = server;
            this.marker = marker.getBytes(StandardCharsets.UTF_8);
            Thread.ofPlatform().daemon(true).start(this::clientToServer);
        }

        int port() {
            return front.getLocalPort();
        }

        void eatEverything() {
            everything = true;
        }

        private static int type(DatagramPacket p) {
            return (p.getData()[p.getOffset()] >> 4) & 0x3;
        }

        private static int messageId(DatagramPacket p) {
            return ((p.getData()[p.getOffset() + 2] & 0xff) << 8) | (p.getData()[p.getOffset() + 3] & 0xff);
        }

        private void clientToServer() {
            byte[] buffer = new byte[65_536];
            while (running) {
                try {
                    DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                    front.receive(p);
                    if (p.getLength() >= 4 && type(p) == ACK && (everything || doomed.contains(messageId(p)))) {
                        eaten.incrementAndGet();
                        continue;
                    }
                    DatagramSocket up = upstream.computeIfAbsent(p.getSocketAddress(), this::openUpstream);
                    up.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), server));
                } catch (IOException e) {
                    if (running) throw new IllegalStateException(e);
                }
            }
        }

        private DatagramSocket openUpstream(SocketAddress client) {
            try {
                DatagramSocket up = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
                Thread.ofPlatform().daemon(true).start(() -> serverToClient(up, client));
                return up;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private void serverToClient(DatagramSocket up, SocketAddress client) {
            byte[] buffer = new byte[65_536];
            while (running) {
                try {
                    DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                    up.receive(p);
                    // only the first message holding the marker is doomed: a replacement holds it too, and goes
                    if (doomed.isEmpty() && p.getLength() >= 4 && contains(p, marker)) doomed.add(messageId(p));
                    front.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), client));
                } catch (IOException e) {
                    if (running) throw new IllegalStateException(e);
                }
            }
        }

        private static boolean contains(DatagramPacket p, byte[] marker) {
            String text = new String(p.getData(), p.getOffset(), p.getLength(), StandardCharsets.ISO_8859_1);
            return text.contains(new String(marker, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void close() {
            running = false;
            front.close();
            upstream.values().forEach(DatagramSocket::close);
        }
    }
}
