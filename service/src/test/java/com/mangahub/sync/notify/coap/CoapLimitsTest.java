package com.mangahub.sync.notify.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangahub.sync.config.Config;
import com.mangahub.sync.notify.NotifyStack;
import com.mangahub.sync.support.PostgresExtension;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Token;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 23, acceptance 3: one token registers 5,000 observations, each from a port of its own (one UDP socket each,
 * written as raw CoAP so the test needs no 5,000 Californium endpoints): at most the cap (10) are live, every other
 * registration is answered 4.29 (RFC 8516) with a Max-Age to wait, and another reader's observation is still pushed.
 * The source rate is raised for the test: every registration is one port's first datagram, unauthenticated, so the
 * default 1,000 a second per IP would drop most of them before they could be refused.
 */
@ExtendWith(PostgresExtension.class)
class CoapLimitsTest {
    private static final int REGISTRATIONS = 5_000;
    private static final int CAP = 10;
    private NotifyStack stack;
    private CoapEndpoint endpoint;

    @AfterEach
    void stop() {
        if (endpoint != null) endpoint.destroy();
        if (stack != null) stack.close();
    }

    @Test
    void fiveThousandObservationsOfOneTokenLeaveTenLiveTheRestAre429AndAnotherReaderIsStillPushed() throws Exception {
        Config.Limits limits = new Config.Limits(0, CAP, 0, 1, 0, 0, 1_000_000, Duration.ofSeconds(10),
                Duration.ofSeconds(30));
        stack = new NotifyStack(Clock.systemUTC(), CoapSettings.defaults().withSourceRate(100_000),
                new Config.Notify(10, Duration.ofHours(1)), NotifyStack.catalogueOnly(), Optional.empty(),
                NotifyStack.TEST_SSE_HEARTBEAT, limits).startBackground();
        UUID manga = UUID.randomUUID();
        long mangaId = stack.insertManga(manga, "Dungeon Meshi");
        String flooder = stack.user("flooder").token();
        var other = stack.user("other");
        stack.follow(other.account().id(), mangaId);

        long started = System.nanoTime();
        Map<String, Integer> codes = registerFromOwnPorts(flooder, REGISTRATIONS);
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("%,d CoAP registrations of one token from %,d ports in %,d ms: %s; live observations %d%n",
                REGISTRATIONS, REGISTRATIONS, tookMs, codes, stack.coap.observers());

        assertThat(codes.getOrDefault("2.05", 0)).as("registered").isEqualTo(CAP);
        assertThat(codes.getOrDefault("4.29", 0)).as("refused").isEqualTo(REGISTRATIONS - CAP);
        assertThat(stack.coap.observers()).isLessThanOrEqualTo(CAP);
        assertThat(stack.limitMeters.refusals(NotificationsResource.PER_READER)).isEqualTo(REGISTRATIONS - CAP);

        endpoint = TestObserver.endpoint(TestObserver.clientConfig());
        TestObserver observer = new TestObserver(endpoint, stack.coapUri(other.token(), 0L)).observe();
        await().atMost(Duration.ofSeconds(5)).until(() -> observer.codes.contains("2.05"));
        var answer = stack.send("POST", "/notify/new-chapter", NotifyStack.ADMIN, "{\"manga_id\":\"" + manga
                + "\",\"title\":\"Dungeon Meshi\",\"chapter\":\"98\",\"old_chapter\":\"97\"}");
        assertThat(answer.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(5)).until(() -> observer.ids.size() == 1);
    }

    /** Registers {@code count} observations, one socket each, and counts the answers' codes ("2.05", "4.29", ...). */
    private Map<String, Integer> registerFromOwnPorts(String token, int count) throws IOException {
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", stack.coap.port());
        UdpDataSerializer serializer = new UdpDataSerializer();
        Map<String, Integer> codes = new HashMap<>();
        List<DatagramChannel> channels = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            int answered = 0;
            ByteBuffer in = ByteBuffer.allocate(2048);
            for (int batch = 0; batch < count; batch += 500) {
                for (int i = batch; i < Math.min(count, batch + 500); i++) {
                    DatagramChannel channel = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
                    channel.configureBlocking(false);
                    channel.register(selector, SelectionKey.OP_READ);
                    channels.add(channel);
                    Request register = Request.newGet();
                    register.setType(CoAP.Type.CON);
                    register.setMID(i & 0xFFFF);
                    register.setToken(new Token(new byte[] {(byte) (i >> 8), (byte) i, 7, 9}));
                    register.getOptions().setUriPath("notifications").addUriQuery("token=" + token);
                    register.setObserve();
                    register.setDestinationContext(new AddressEndpointContext(server));
                    channel.send(ByteBuffer.wrap(serializer.serializeRequest(register).getBytes()), server);
                }
                answered += drain(selector, in, codes, Math.min(count, batch + 500) - answered);
            }
        } finally {
            for (DatagramChannel c : channels) c.close();
        }
        return codes;
    }

    /** Reads first answers until {@code expected} arrived or 10 s passed; returns how many arrived. */
    private static int drain(Selector selector, ByteBuffer in, Map<String, Integer> codes, int expected) throws IOException {
        int got = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (got < expected && System.nanoTime() < deadline) {
            if (selector.select(200) == 0) continue;
            for (SelectionKey key : selector.selectedKeys()) {
                DatagramChannel channel = (DatagramChannel) key.channel();
                in.clear();
                if (channel.receive(in) == null || in.position() < 4) continue;
                int code = in.get(1) & 0xFF;
                codes.merge((code >> 5) + "." + String.format("%02d", code & 0x1F), 1, Integer::sum);
                got++;
                // one answer per socket: a live observation's later notifications are not counted
                key.cancel();
            }
            selector.selectedKeys().clear();
        }
        return got;
    }
}
