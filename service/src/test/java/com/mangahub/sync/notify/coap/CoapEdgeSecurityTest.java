package com.mangahub.sync.notify.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangahub.sync.config.Config;
import com.mangahub.sync.notify.NotifyStack;
import com.mangahub.sync.support.PostgresExtension;
import io.micrometer.core.instrument.Counter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Acceptance 6, the UDP side: no amplification, oversized and malformed datagrams dropped, flooders rate-limited. */
@ExtendWith(PostgresExtension.class)
class CoapEdgeSecurityTest {
    private static final int SOURCE_RATE = 50;

    private NotifyStack stack;
    private CoapEndpoint endpoint;
    private int mid = 1;

    @BeforeEach
    void start() {
        stack = new NotifyStack(Clock.systemUTC(), CoapSettings.defaults().withSourceRate(SOURCE_RATE),
                new Config.Notify(10, Duration.ofHours(1)), NotifyStack.catalogueOnly()).startBackground();
        endpoint = TestObserver.endpoint(TestObserver.clientConfig());
    }

    @AfterEach
    void stop() {
        endpoint.destroy();
        stack.close();
    }

    private byte[] request(String uri, Type type, boolean observe) {
        Request r = Request.newGet();
        r.setURI(uri);
        r.setType(type);
        r.setMID(mid++);
        r.setToken(new byte[] {1, 2, 3, 4, 5, 6, 7, (byte) mid});
        if (observe) r.setObserve();
        return new UdpDataSerializer().serializeRequest(r).getBytes();
    }

    private double dropped(String reason) {
        Counter c = stack.registry.find("mangahub.coap.datagrams.dropped").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void anAddressThatNeverAuthenticatedNeverReceivesMoreBytesThanItSent() throws Exception {
        String base = "coap://127.0.0.1:" + stack.coap.port();
        List<byte[]> probes = List.of(
                request(base + "/notifications", Type.CON, true),
                request(base + "/notifications?token=mh_wrong&after=0", Type.CON, true),
                request(base + "/notifications?token=x", Type.NON, false),
                request(base + "/.well-known/core", Type.CON, false),
                request(base + "/", Type.CON, false),
                request(base + "/nothing/here", Type.CON, false),
                new byte[] {0x40, 0x00, 0x12, 0x34},
                new byte[] {0x00, 0x01},
                "GET / HTTP/1.1\r\n\r\n".getBytes());
        long sent = 0;
        long received = 0;
        int replies = 0;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(1500);
            var server = new InetSocketAddress("127.0.0.1", stack.coap.port());
            for (byte[] probe : probes) {
                socket.send(new DatagramPacket(probe, probe.length, server));
                sent += probe.length;
            }
            byte[] buffer = new byte[65_536];
            try {
                while (true) {
                    DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                    socket.receive(reply);
                    received += reply.getLength();
                    replies++;
                }
            } catch (SocketTimeoutException done) {
                // no more replies
            }
        }
        System.out.printf("unauthenticated probe: sent %d bytes, received %d bytes in %d replies%n", sent, received, replies);
        assertThat(replies).as("the server does answer (4.01 and friends)").isPositive();
        assertThat(received).isLessThanOrEqualTo(sent);
    }

    @Test
    void datagramsOf1500And65000BytesAreDroppedWithoutHarm() throws Exception {
        var user = stack.user("survivor");
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(500);
            var server = new InetSocketAddress("127.0.0.1", stack.coap.port());
            for (int size : new int[] {1_500, 65_000}) {
                byte[] big = request("coap://127.0.0.1:" + stack.coap.port() + "/notifications?token=" + user.token(),
                        Type.CON, false);
                byte[] padded = java.util.Arrays.copyOf(big, size);
                padded[big.length] = (byte) 0xFF;
                socket.send(new DatagramPacket(padded, padded.length, server));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> dropped("oversized") == 2);
            assertThat(receiveNothing(socket)).isTrue();
        }
        var client = new CoapClient(stack.coapUri(user.token(), 0L));
        client.setEndpoint(endpoint);
        try {
            assertThat(client.get().getCode().toString()).as("still serving").isEqualTo("2.05");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void malformedDatagramsAreDroppedAndCounted() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(500);
            var server = new InetSocketAddress("127.0.0.1", stack.coap.port());
            byte[][] junk = {{0x00, 0x01}, {(byte) 0x4F, 0x01, 0x00, 0x01}, {0x40, 0x01, 0x00, 0x01, (byte) 0xFF}};
            for (byte[] j : junk) socket.send(new DatagramPacket(j, j.length, server));
            await().atMost(Duration.ofSeconds(5)).until(() -> dropped("malformed") == 3);
            assertThat(receiveNothing(socket)).isTrue();
        }
    }

    @Test
    void aFlooderIsRateLimitedWhileAnotherClientStillGetsItsNotification() throws Exception {
        UUID manga = UUID.randomUUID();
        long mangaId = stack.insertManga(manga, "Flood Watch");
        var user = stack.user("patient");
        stack.follow(user.account().id(), mangaId);
        TestObserver observer = new TestObserver(endpoint, stack.coapUri(user.token(), 0L)).observe();
        await().until(() -> !observer.codes.isEmpty());

        try (DatagramSocket flooder = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0))) {
            var server = new InetSocketAddress("127.0.0.1", stack.coap.port());
            byte[] flood = request("coap://127.0.0.1:" + stack.coap.port() + "/notifications?token=nope", Type.NON, false);
            Thread floodThread = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 20_000; i++) {
                    try {
                        flooder.send(new DatagramPacket(flood, flood.length, server));
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            var response = stack.send("POST", "/notify/new-chapter", NotifyStack.ADMIN, "{\"manga_id\":\"" + manga
                    + "\",\"title\":\"Flood Watch\",\"chapter\":\"2\",\"old_chapter\":\"1\"}");
            assertThat(response.statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> observer.ids.size() == 1);
            floodThread.join();
        }
        assertThat(dropped("rate_limited")).isGreaterThan(10_000);
    }

    private static boolean receiveNothing(DatagramSocket socket) throws Exception {
        try {
            socket.receive(new DatagramPacket(new byte[65_536], 65_536));
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        }
    }
}
