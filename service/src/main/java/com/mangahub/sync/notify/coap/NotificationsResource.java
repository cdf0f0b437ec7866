package com.mangahub.sync.notify.coap;

import com.mangahub.sync.reader.LiveCredentials;
import com.mangahub.sync.notify.NotificationJson;
import com.mangahub.sync.notify.NotificationJson.Batch;
import com.mangahub.sync.notify.NotificationLog;
import com.mangahub.sync.reader.UserAccounts;
import com.mangahub.sync.store.NotificationStore.NotificationRow;
import com.mangahub.sync.store.UserStore.UserAccount;
import com.mangahub.sync.web.HeapHeadroom;
import com.mangahub.sync.web.SlotCap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.observe.ObserveRelation;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.ResourceObserverAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /notifications?token=T[&after=ID]}: a GET answers one page; an observing GET registers the client, which
 * then receives its missed and new notifications one confirmable message at a time. A request without a valid
 * token gets 4.01 with no payload, never bigger than the request.
 */
final class NotificationsResource extends CoapResource {
    private static final Logger log = LoggerFactory.getLogger(NotificationsResource.class);
    private static final byte[] EMPTY_BATCH = "[]".getBytes(StandardCharsets.UTF_8);
    /**
     * The Max-Age of the registration answer and of every notification. A client re-registers when Max-Age passes
     * without a notification (RFC 7641 3.3.1; Californium's clients do): at CoAP's default of 60 s, 100,000 idle
     * observers would re-register 1,700 times a second, each a token check and a cursor read, and the registrations
     * queue ahead of the acknowledgements on the protocol threads. What it bounds is how long a client takes to notice
     * a restarted server (which has forgotten its observation); the log's cursor makes that wait cost no notification.
     */
    static final long FRESH_FOR_SECONDS = 600;
    /** The per-reader cap's name, on {@code /metrics}. */
    static final String PER_READER = "coap_observations_per_reader";
    /**
     * What a live observation holds on the heap: its session, relation, exchange and the Californium state behind
     * them. An estimate from those objects (about 2 KB), not a measurement; doubled for what a registration allocates.
     */
    static final long OBSERVATION_COST_BYTES = 4 * 1024;
    private static final long CAP_RETRY_SECONDS = 30;
    private static final long HEAP_RETRY_SECONDS = 10;

    private final UserAccounts accounts;
    private final NotificationLog notificationLog;
    private final NotificationJson json;
    private final DeliveryOutcomes outcomes;
    private final SourceGuard guard;
    private final Executor pumps;
    private final int maxObservers;
    private final InFlightWindow window;
    private final SlotCap<Long> perReader;
    private final HeapHeadroom headroom;
    private final Observers observers = new Observers();
    private final AtomicInteger observeNumbers = new AtomicInteger();

    NotificationsResource(UserAccounts accounts, NotificationLog notificationLog, NotificationJson json,
                          DeliveryOutcomes outcomes, SourceGuard guard, Executor pumps, int maxObservers,
                          int inFlightWindow, SlotCap<Long> perReader, HeapHeadroom headroom) {
        super("notifications");
        this.accounts = accounts;
        this.notificationLog = notificationLog;
        this.json = json;
        this.outcomes = outcomes;
        this.guard = guard;
        this.pumps = pumps;
        this.maxObservers = maxObservers;
        this.window = new InFlightWindow(inFlightWindow, pumps);
        this.perReader = perReader;
        this.headroom = headroom;
        setObservable(true);
        setObserveType(Type.CON);
        getAttributes().setObservable();
        addObserver(new ResourceObserverAdapter() {
            @Override
            public void removedObserveRelation(ObserveRelation relation) {
                end(relation);
            }
        });
    }

    @Override
    public void handleGET(CoapExchange exchange) {
        ObserveRelation relation = exchange.advanced().getRelation();
        ObserverSession session = relation == null ? null : observers.get(relation);
        if (session != null && session.revoked()) {
            // RFC 7641 3.2: a notification with an error code ends the observation at the client too
            end(relation);
            exchange.respond(ResponseCode.UNAUTHORIZED);
        } else if (session != null) {
            sendNext(exchange, relation, session);
        } else if (relation == null || !(relation.isEstablished() || relation.isCanceled())) {
            register(exchange, relation);
        }
        // else: a push to an observation that ended meanwhile; its exchange is complete, nothing to answer
    }

    private void register(CoapExchange exchange, ObserveRelation relation) {
        String token = exchange.getQueryParameter("token");
        Optional<UserAccount> user = accounts.authenticate(token);
        if (user.isEmpty()) {
            exchange.respond(ResponseCode.UNAUTHORIZED);
            return;
        }
        guard.authenticated(exchange.getSourceSocketAddress());
        OptionalLong after = after(exchange.getQueryParameter("after"));
        if (after == null) {
            exchange.respond(ResponseCode.BAD_REQUEST);
            return;
        }
        long userId = user.get().id();
        if (relation == null) {
            long cursor = notificationLog.startCursor(userId, after);
            Batch page = json.pack(notificationLog.after(userId, cursor, ObserverSession.PAGE), NotificationJson.MAX_DATAGRAM_PAYLOAD);
            exchange.respond(ResponseCode.CONTENT, page.payload(), MediaTypeRegistry.APPLICATION_JSON);
            return;
        }
        // before the log is read: a flood of refused registrations costs a token check each, no query more
        if (!admitted(exchange, userId)) return;
        long cursor;
        try {
            cursor = notificationLog.startCursor(userId, after);
        } catch (RuntimeException e) {
            perReader.give(userId);
            throw e;
        }
        byte[] fingerprint = UserAccounts.fingerprint(token);
        ObserverSession session = new ObserverSession(userId, fingerprint, cursor);
        // the slot taken above is given back when the observation ends, whichever way (end(relation))
        observers.add(relation, session);
        // a rotation committed between the token check and the registration found no observation to end
        if (!accounts.stillValid(userId, fingerprint)) {
            end(relation);
            exchange.respond(ResponseCode.UNAUTHORIZED);
            return;
        }
        Response registered = new Response(ResponseCode.CONTENT);
        registered.setPayload(EMPTY_BATCH);
        registered.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON).setMaxAge(FRESH_FOR_SECONDS);
        // catch-up starts once the registration is answered, so it always follows the empty first response
        registered.addMessageObserver(new MessageObserverAdapter() {
            @Override
            public void onSent(boolean retransmission) {
                session.ready();
                pump(relation, session);
            }
        });
        exchange.respond(registered);
    }

    /**
     * Takes a place for a new observation of this reader, or refuses it: 4.29 (RFC 8516) past the reader's cap, 5.03
     * when the server holds its most observations or the heap could not hold another. Either carries Max-Age, the
     * seconds to wait (CoAP's Retry-After); no payload, so a refusal is never larger than the request.
     */
    private boolean admitted(CoapExchange exchange, long userId) {
        if (!perReader.tryTake(userId)) {
            refuse(exchange, ResponseCode.TOO_MANY_REQUESTS, CAP_RETRY_SECONDS);
            return false;
        }
        if (observers.size() >= maxObservers || !headroom.admits(OBSERVATION_COST_BYTES)) {
            perReader.give(userId);
            refuse(exchange, ResponseCode.SERVICE_UNAVAILABLE, HEAP_RETRY_SECONDS);
            return false;
        }
        return true;
    }

    private static void refuse(CoapExchange exchange, ResponseCode code, long waitSeconds) {
        Response refusal = new Response(code);
        refusal.getOptions().setMaxAge(waitSeconds);
        exchange.respond(refusal);
    }

    /** The value of {@code after}: empty when absent, null when not a whole number. */
    private static OptionalLong after(String raw) {
        if (raw == null || raw.isEmpty()) return OptionalLong.empty();
        try {
            return OptionalLong.of(Long.parseLong(raw));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Live notifications from the feed, handed to each of their users' observers. */
    void publish(List<NotificationRow> rows) {
        rows.stream().collect(Collectors.groupingBy(NotificationRow::userId)).forEach((userId, userRows) ->
                observers.forEachOf(userId, (relation, session) -> {
                    session.offer(userRows);
                    pump(relation, session);
                }));
    }

    private void pump(ObserveRelation relation, ObserverSession session) {
        pumps.execute(() -> {
            try {
                switch (session.nextStep()) {
                    case NOTHING -> { }
                    case LOAD -> {
                        int stamp = session.overflowStamp();
                        session.loaded(notificationLog.after(session.userId, session.loadFrom(), ObserverSession.PAGE), stamp);
                        pump(relation, session);
                    }
                    case SEND -> send(relation, session);
                    case REPLACE -> replace(relation, session);
                }
            } catch (RuntimeException e) {
                // the observer stalls until its next notification or re-registration; it loses nothing (cursor)
                log.warn("CoAP observer of user {} could not be served: {}", session.userId, e.getMessage());
            }
        });
    }

    /** Sends the next batch if a window slot is free; otherwise this observer is pumped again when one frees. */
    private void send(ObserveRelation relation, ObserverSession session) {
        if (!window.tryEnter(() -> pump(relation, session))) return;
        if (!session.claimSend()) {
            window.leave();
            return;
        }
        session.slotTaken();
        try {
            // runs handleGET, hence sendNext, on this thread; the outcome observer then owns the slot
            relation.notifyObservers();
        } finally {
            if (session.abandonSend() && session.dropSlot()) window.leave();
        }
    }

    /**
     * The in-flight notification's ACK is overdue and more is waiting: everything since the last acknowledged id
     * goes as a new message, which Californium sends in place of the next retransmission (it keeps the slot).
     */
    private void replace(ObserveRelation relation, ObserverSession session) {
        if (!session.claimReplacement()) return;
        try {
            relation.notifyObservers();
        } finally {
            session.abandonSend();
        }
    }

    /** An observation ended (cancelled, timed out, revoked): its session stops and gives back any window slot. */
    private void end(ObserveRelation relation) {
        ObserverSession session = observers.forget(relation);
        if (session == null) return;
        perReader.give(session.userId);
        if (session.dropSlot()) window.leave();
    }

    private void sendNext(CoapExchange exchange, ObserveRelation relation, ObserverSession session) {
        List<NotificationRow> rows = session.sendable();
        Batch batch = json.pack(rows, NotificationJson.MAX_DATAGRAM_PAYLOAD);
        Response notification = new Response(ResponseCode.CONTENT);
        notification.setType(Type.CON);
        notification.setPayload(batch.payload());
        notification.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON).setMaxAge(FRESH_FOR_SECONDS);
        session.sent(batch);
        notification.addMessageObserver(outcomes.watch(batch, session, notificationLog, window::leave,
                () -> pump(relation, session)));
        exchange.respond(notification);
    }

    /**
     * Californium stamps every response with this Observe number. Ours are pushed per relation (never through
     * {@code changed()}, which would notify everyone), so each response takes a new, larger number: a client
     * drops a notification whose number is not fresher than the last one it saw (RFC 7641, 3.4).
     */
    @Override
    public int getNotificationSequenceNumber() {
        return observeNumbers.incrementAndGet() & 0xFF_FFFF;
    }

    /** The readers observing here. */
    Set<Long> readers() {
        return observers.readers();
    }

    /** Ends this reader's observations opened with another token than {@code current}: each gets a 4.01. */
    int endRevoked(long userId, LiveCredentials current) {
        List<ObserveRelation> ended = new ArrayList<>();
        observers.forEachOf(userId, (relation, session) -> {
            if (session.openedWithOneOf(current)) return;
            session.revoke();
            ended.add(relation);
        });
        ended.forEach(relation -> pumps.execute(() -> {
            try {
                relation.notifyObservers();
            } catch (RuntimeException e) {
                // the session sends nothing more either way; the client only misses being told
                end(relation);
                log.warn("could not tell a revoked CoAP observer of user {}: {}", userId, e.getMessage());
            }
        }));
        return ended.size();
    }

    int observers() {
        return observers.size();
    }

    int catchingUp() {
        return observers.catchingUp();
    }
}
