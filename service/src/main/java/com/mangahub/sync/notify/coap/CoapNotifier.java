package com.mangahub.sync.notify.coap;

import com.mangahub.sync.reader.LiveCredentials;
import com.mangahub.sync.notify.NotificationJson;
import com.mangahub.sync.notify.NotificationLog;
import com.mangahub.sync.notify.NotifyMetrics;
import com.mangahub.sync.notify.TokenSessions;
import com.mangahub.sync.reader.UserAccounts;
import com.mangahub.sync.store.NotificationStore.NotificationRow;
import com.mangahub.sync.web.HeapHeadroom;
import com.mangahub.sync.web.LimitMeters;
import com.mangahub.sync.web.SlotCap;
import io.micrometer.core.instrument.Gauge;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CoAP server: one UDP endpoint behind {@link GuardedUdpConnector}, one resource, {@code /notifications}.
 * Californium's banner root and {@code /.well-known/core} are replaced by silent ones: discovery would answer an
 * unauthenticated request with more bytes than it sent.
 */
public final class CoapNotifier implements TokenSessions, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CoapNotifier.class);
    /** Unacknowledged notifications at once, all observers together (see {@link InFlightWindow}). */
    private static final int IN_FLIGHT_WINDOW = 200;
    /** Asked of the OS for the socket; Linux caps it at net.core.rmem_max / wmem_max. */
    private static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

    private final CoapSettings settings;
    private final SourceGuard guard;
    private final NotificationsResource resource;
    private final ExecutorService pumps;
    private CoapServer server;
    private CoapEndpoint endpoint;

    /** Without a per-reader cap or memory admission (tests of the protocol itself). */
    public CoapNotifier(CoapSettings settings, UserAccounts accounts, NotificationLog notificationLog,
                        NotificationJson json, NotifyMetrics metrics) {
        this(settings, accounts, notificationLog, json, metrics, 0, HeapHeadroom.ofThisJvm(0, LimitMeters.unread()),
                LimitMeters.unread());
    }

    /**
     * @param perReader observations one reader's token may hold at once (0: no cap); the newest beyond it gets 4.29
     * @param headroom  what answers 5.03 to a new observation the heap could not hold, whatever the cap
     */
    public CoapNotifier(CoapSettings settings, UserAccounts accounts, NotificationLog notificationLog,
                        NotificationJson json, NotifyMetrics metrics, int perReader, HeapHeadroom headroom,
                        LimitMeters limits) {
        this.settings = settings;
        this.guard = new SourceGuard(settings.sourceRate(), metrics.registry());
        this.pumps = Executors.newFixedThreadPool(2, Thread.ofPlatform().name("coap-pump-", 0).daemon(true).factory());
        this.resource = new NotificationsResource(accounts, notificationLog, json, new DeliveryOutcomes(metrics), guard,
                pumps, settings.maxObservers(), IN_FLIGHT_WINDOW,
                new SlotCap<>(NotificationsResource.PER_READER, perReader, limits), headroom);
        Gauge.builder("mangahub.coap.observers", resource, NotificationsResource::observers)
                .description("CoAP clients observing their notifications").register(metrics.registry());
        Gauge.builder("mangahub.coap.observers.catching.up", resource, NotificationsResource::catchingUp)
                .description("CoAP observers still reading their backlog from the log").register(metrics.registry());
    }

    public synchronized CoapNotifier start(String bind, int port) {
        Configuration config = configuration();
        endpoint = new CoapEndpoint.Builder().setConfiguration(config)
                .setConnector(new GuardedUdpConnector(new InetSocketAddress(bind, port), config, guard)).build();
        server = new CoapServer(config) {
            @Override
            protected Resource createRoot() {
                return new CoapResource("");
            }
        };
        Resource wellKnown = server.getRoot().getChild(".well-known");
        if (wellKnown != null) server.getRoot().delete(wellKnown);
        server.addEndpoint(endpoint);
        server.add(resource);
        server.start();
        log.info("CoAP listening on coap://{}:{}/notifications", bind, port());
        return this;
    }

    private Configuration configuration() {
        CoapConfig.register();
        UdpConfig.register();
        Configuration config = Configuration.createStandardWithoutFile();
        config.set(CoapConfig.ACK_TIMEOUT, settings.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        config.set(CoapConfig.MAX_RETRANSMIT, settings.maxRetransmit());
        config.set(CoapConfig.MAX_SERVER_OBSERVES, settings.maxObservers());
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, SourceGuard.MAX_DATAGRAM);
        config.set(UdpConfig.UDP_RECEIVE_BUFFER_SIZE, SOCKET_BUFFER_BYTES);
        config.set(UdpConfig.UDP_SEND_BUFFER_SIZE, SOCKET_BUFFER_BYTES);
        return config;
    }

    public int port() {
        return endpoint.getAddress().getPort();
    }

    /** Live notifications from the feed; never blocks (the pumps do the sending). */
    public void publish(List<NotificationRow> rows) {
        resource.publish(rows);
    }

    @Override
    public Set<Long> readers() {
        return resource.readers();
    }

    /** Ends this reader's observations of another token: each client gets a 4.01 that ends it on its side too. */
    @Override
    public int endRevoked(long userId, LiveCredentials current) {
        return resource.endRevoked(userId, current);
    }

    public int observers() {
        return resource.observers();
    }

    /** Observers whose backlog is not read yet: a live notification reaches them only after it. */
    public int catchingUp() {
        return resource.catchingUp();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop();
            server.destroy();
        }
        pumps.shutdownNow();
    }
}
