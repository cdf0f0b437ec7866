package com.mangahub.sync;

import com.mangahub.sync.notify.NotificationFeed;
import com.mangahub.sync.notify.OutboxDispatcher;
import com.mangahub.sync.notify.Retention;
import com.mangahub.sync.notify.Revocations;
import com.mangahub.sync.notify.channel.DeliveryPolicy;
import com.mangahub.sync.notify.channel.DeliveryWorker;
import com.mangahub.sync.notify.coap.CoapNotifier;
import com.mangahub.sync.notify.coap.CoapSettings;
import com.mangahub.sync.notify.sse.SseRoutes;
import com.mangahub.sync.periodic.PeriodicLoop;
import com.mangahub.sync.store.ChannelStore;
import com.mangahub.sync.store.DatabaseSignals;
import com.mangahub.sync.store.DeliveryStore;
import com.mangahub.sync.store.RetentionStore;
import com.mangahub.sync.time.Sleeper;
import com.mangahub.sync.web.SlotCap;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The notify role: the outbox dispatcher, the feed of new notifications, CoAP and SSE push, channel deliveries,
 * retention, and the sweep that ends the sessions of revoked tokens. All started by the constructor.
 */
final class NotifyRole {
    private static final Duration FEED_POLL = Duration.ofSeconds(1);
    private static final Duration OUTBOX_LEASE = Duration.ofSeconds(30);
    private static final Duration OUTBOX_POLL = Duration.ofMillis(500);
    private static final Duration CHANNEL_POLL = Duration.ofMillis(500);
    /** Retention looks for rows past their cutoff this often; a backlog is drained in back-to-back batches. */
    private static final Duration RETENTION_INTERVAL = Duration.ofMinutes(10);
    /**
     * Every open SSE stream and CoAP observation is checked against its reader's current token this often: what
     * ends a session whose token expired, or whose revocation signal was lost with the listening connection.
     */
    private static final Duration REVOCATION_SWEEP = Duration.ofMinutes(1);

    private final CoapNotifier coap;
    private final SseRoutes streams;
    private final DeliveryWorker deliveryWorker;
    private final OutboxDispatcher dispatcher;

    NotifyRole(Foundation foundation, Readers readers, Channels channels) {
        var config = foundation.config();
        var database = foundation.database();
        var clock = foundation.clock();
        coap = foundation.track(new CoapNotifier(CoapSettings.defaults(), readers.accounts(), readers.log(),
                readers.wire(), readers.notifyMetrics(), config.limits().coapObservationsPerReader(),
                foundation.headroom(), foundation.limitMeters())
                .start(config.server().bind(), config.server().coapPort()));
        streams = new SseRoutes(readers.auth(), readers.log(), readers.wire(), readers.notifyMetrics(),
                App.SSE_HEARTBEAT, new SlotCap<>(SseRoutes.PER_READER, config.limits().sseStreamsPerReader(),
                foundation.limitMeters()), foundation.headroom());
        deliveryWorker = foundation.track(new DeliveryWorker(new DeliveryStore(database), new ChannelStore(database),
                channels.sender(), DeliveryPolicy.defaults(), clock, new SecureRandom(), readers.notifyMetrics(),
                "channels-" + UUID.randomUUID(), CHANNEL_POLL).start());
        NotificationFeed feed = foundation.track(new NotificationFeed(readers.notifications(), FEED_POLL));
        feed.subscribe(coap::publish);
        feed.subscribe(streams::publish);
        feed.pushesTo(coap::readers);
        feed.pushesTo(streams::readers);
        feed.start();
        dispatcher = foundation.track(new OutboxDispatcher(database, readers.outbox(), readers.notifications(),
                config.notifications(), clock, foundation.json(), readers.notifyMetrics(), feed::wake,
                "dispatcher-" + UUID.randomUUID(), OUTBOX_LEASE, OUTBOX_POLL).start());
        foundation.track(new PeriodicLoop("retention", RETENTION_INTERVAL, Sleeper.SYSTEM, new Retention(
                new RetentionStore(database), config.operations().retention(), clock, foundation.metrics(),
                Retention.BATCH)).start());
        Revocations revocations = new Revocations(readers.accounts(), List.of(coap, streams), foundation.metrics());
        foundation.track(new PeriodicLoop("revocations", REVOCATION_SWEEP, Sleeper.SYSTEM, revocations).start());
        // events and notifications committed by any instance (this one included) wake the dispatcher and the
        // feed; a reader's token rotated, or the reader disabled or deleted, ends their sessions here at once
        foundation.track(new DatabaseSignals(database).on(DatabaseSignals.OUTBOX, dispatcher::wake)
                .on(DatabaseSignals.NOTIFICATIONS, feed::wake)
                .on(DatabaseSignals.NOTIFICATIONS, deliveryWorker::wake)
                .onPayload(DatabaseSignals.READERS, revocations::signalled).start());
    }

    /** The UDP port CoAP listens on (the bound one when configured as 0). */
    int coapPort() {
        return coap.port();
    }

    /**
     * The SSE route. Its open streams must end before the HTTP server stops, or the server's graceful stop would wait
     * for them: the caller tracks it once HTTP is tracked.
     */
    SseRoutes streams() {
        return streams;
    }

    void wakeDispatcher() {
        dispatcher.wake();
    }

    void wakeDeliveries() {
        deliveryWorker.wake();
    }
}
