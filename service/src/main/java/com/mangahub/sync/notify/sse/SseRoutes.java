package com.mangahub.sync.notify.sse;

import com.mangahub.sync.reader.LiveCredentials;
import com.mangahub.sync.notify.NotificationJson;
import com.mangahub.sync.notify.NotificationLog;
import com.mangahub.sync.notify.NotifyMetrics;
import com.mangahub.sync.notify.TokenSessions;
import com.mangahub.sync.reader.RequestAuth;
import com.mangahub.sync.store.NotificationStore.NotificationRow;
import com.mangahub.sync.store.UserStore.UserAccount;
import com.mangahub.sync.web.ApiError;
import com.mangahub.sync.web.HeapHeadroom;
import com.mangahub.sync.web.LimitMeters;
import com.mangahub.sync.web.PeerClose;
import com.mangahub.sync.web.SlotCap;
import com.mangahub.sync.web.Routes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * {@code GET /api/me/notifications/stream}: each connected client is an {@link SseStream} on its own (virtual)
 * request thread; {@link #publish} hands live notifications to the streams of their users without blocking.
 */
public final class SseRoutes implements Routes, TokenSessions, AutoCloseable {
    private static final String PATH = "/api/me/notifications/stream";
    private static final String EVENT_STREAM = "text/event-stream";
    private static final String USER = "mangahub.sse.user";
    private static final String RESUME = "mangahub.sse.resume";
    private static final String FINGERPRINT = "mangahub.sse.token";
    private static final String SLOT = "mangahub.sse.slot";
    /** The per-reader cap's name, in 429 bodies and on {@code /metrics}. */
    public static final String PER_READER = "sse_streams_per_reader";
    /**
     * What an open stream costs the heap: 1,195–1,256 streams raised the small profile's heap in use by 24–27 KB each,
     * garbage of their opening included (OneReaderFloodIT, acceptance 2: request and response with its buffer, the
     * virtual thread and its stack, the queue, Jetty's connection); rounded up.
     */
    static final long STREAM_COST_BYTES = 32 * 1024;
    /** A stream of theirs ends when they close a tab; an overloaded process sheds load within seconds. */
    private static final Duration CAP_RETRY = Duration.ofSeconds(30);
    private static final Duration HEAP_RETRY = Duration.ofSeconds(10);
    /**
     * The response buffer of a stream. Jetty's default (32 KB, direct) is taken from its pool by a stream's first write
     * and held while the stream is open: 320 MB for 10,000 streams, each zeroed when allocated, which was a third of a
     * fan-out's time. Events bypass it (one gathering write each, {@link SseStream}); heartbeats go through it.
     */
    static final int STREAM_BUFFER_BYTES = 128;

    private final RequestAuth auth;
    private final NotificationLog notificationLog;
    private final NotificationJson json;
    private final NotifyMetrics metrics;
    private final Duration heartbeat;
    private final SlotCap<Long> perReader;
    private final HeapHeadroom headroom;
    private final Map<Long, Set<SseStream>> streams = new ConcurrentHashMap<>();

    /** Without caps: as many streams per reader as the heap takes (tests of the stream itself). */
    public SseRoutes(RequestAuth auth, NotificationLog notificationLog, NotificationJson json, NotifyMetrics metrics,
                     Duration heartbeat) {
        this(auth, notificationLog, json, metrics, heartbeat, new SlotCap<>(PER_READER, 0, LimitMeters.unread()),
                HeapHeadroom.ofThisJvm(0, LimitMeters.unread()));
    }

    /**
     * @param perReader the open streams one reader may have: the newest beyond it is refused (a 429), never the
     *                  oldest closed, so a runaway client cannot take the stream of the reader's working tab
     * @param headroom  what refuses a stream (a 503) when the heap could not hold it, whatever the cap
     */
    public SseRoutes(RequestAuth auth, NotificationLog notificationLog, NotificationJson json, NotifyMetrics metrics,
                     Duration heartbeat, SlotCap<Long> perReader, HeapHeadroom headroom) {
        this.auth = auth;
        this.notificationLog = notificationLog;
        this.json = json;
        this.metrics = metrics;
        this.heartbeat = heartbeat;
        this.perReader = perReader;
        this.headroom = headroom;
    }

    @Override
    public void register(Javalin app) {
        // checked before the event stream opens, so a bad token is a plain 401 and a bad id a 400, not an empty stream
        app.before(PATH, ctx -> {
            ctx.attribute(USER, auth.user(ctx));
            ctx.attribute(FINGERPRINT, auth.tokenFingerprint(ctx));
            // Javalin opens the stream only for exactly this Accept header and otherwise answers an empty 200,
            // which a client (curl sends */*) would take for "no notifications"; say what is missing instead
            if (!EVENT_STREAM.equals(ctx.header("Accept"))) {
                throw new ApiError(406, "not_acceptable", "this is a server-sent event stream: send the header "
                        + "'Accept: " + EVENT_STREAM + "' (exactly)", "Accept");
            }
            ctx.attribute(RESUME, resumeFrom(ctx));
            ctx.attribute(SLOT, admit(ctx.<UserAccount>attribute(USER).id()));
            ctx.res().setBufferSize(STREAM_BUFFER_BYTES);
        });
        app.sse(PATH, this::stream);
        // the stream gives its slot back when it ends; a request that failed before its stream opened (status not
        // 200: Javalin's event stream sets 200 before it starts) gives it back here
        app.after(PATH, ctx -> {
            Slot slot = ctx.attribute(SLOT);
            if (slot != null && ctx.statusCode() != 200) slot.release();
        });
    }

    /** One stream's place under its reader's cap, given back once however the stream ends. */
    private final class Slot {
        private final long userId;
        private final java.util.concurrent.atomic.AtomicBoolean held = new java.util.concurrent.atomic.AtomicBoolean(true);

        Slot(long userId) {
            this.userId = userId;
        }

        void release() {
            if (held.compareAndSet(true, false)) perReader.give(userId);
        }
    }

    private Slot admit(long userId) {
        if (!perReader.tryTake(userId)) {
            throw ApiError.tooMany(PER_READER, "this reader has " + perReader.perKey() + " event streams open, the most "
                    + "a reader may have; close one (or wait for one to end) first", CAP_RETRY);
        }
        Slot slot = new Slot(userId);
        if (!headroom.admits(STREAM_COST_BYTES)) {
            slot.release();
            throw ApiError.overloaded(HeapHeadroom.LIMIT, "the service has no memory to spare for another event stream "
                    + "now; try again later", HEAP_RETRY);
        }
        return slot;
    }

    private void stream(SseClient client) {
        try {
            serve(client);
        } finally {
            client.ctx().<Slot>attribute(SLOT).release();
        }
    }

    private void serve(SseClient client) {
        Context ctx = client.ctx();
        UserAccount user = ctx.attribute(USER);
        OptionalLong resume = ctx.attribute(RESUME);
        long cursor = notificationLog.startCursor(user.id(), resume);
        SseStream stream = new SseStream(client, user.id(), ctx.attribute(FINGERPRINT), cursor, notificationLog, json,
                metrics, heartbeat);
        streams.compute(user.id(), (id, set) -> {
            Set<SseStream> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            s.add(stream);
            return s;
        });
        Slot slot = ctx.attribute(SLOT);
        // the client's FIN ends the stream at once: no event is written (or credited) to a client that is gone, and
        // its place under the reader's cap is free again before any heartbeat could have found out
        PeerClose watch = PeerClose.watch(ctx.req(), () -> {
            stream.end();
            forget(user.id(), stream);
            slot.release();
        });
        try {
            // a rotation committed between the token check and the registration above found no stream to end
            if (!auth.stillValid(user.id(), ctx.attribute(FINGERPRINT))) return;
            stream.run();
        } finally {
            forget(user.id(), stream);
            watch.finish(ctx.res());
        }
    }

    private void forget(long userId, SseStream stream) {
        streams.computeIfPresent(userId, (id, set) -> {
            set.remove(stream);
            return set.isEmpty() ? null : set;
        });
    }

    /** Last-Event-ID (a browser reconnecting) wins over {@code ?after=}; neither: start at the undelivered ones. */
    private static OptionalLong resumeFrom(Context ctx) {
        String raw = ctx.header("Last-Event-ID");
        if (raw == null || raw.isBlank()) raw = ctx.queryParam("after");
        if (raw == null || raw.isBlank()) return OptionalLong.empty();
        try {
            return OptionalLong.of(Math.max(0, Long.parseLong(raw.strip())));
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("Last-Event-ID", "the last event id must be a notification id");
        }
    }

    /** Live notifications from the feed; never blocks. */
    public void publish(List<NotificationRow> rows) {
        rows.stream().collect(Collectors.groupingBy(NotificationRow::userId)).forEach((userId, userRows) -> {
            Set<SseStream> set = streams.get(userId);
            if (set != null) set.forEach(s -> s.offer(userRows));
        });
    }

    @Override
    public Set<Long> readers() {
        return Set.copyOf(streams.keySet());
    }

    @Override
    public int endRevoked(long userId, LiveCredentials current) {
        Set<SseStream> set = streams.get(userId);
        if (set == null) return 0;
        int ended = 0;
        for (SseStream s : set) {
            if (!s.openedWithOneOf(current)) {
                s.end();
                ended++;
            }
        }
        return ended;
    }

    public int clients() {
        return streams.values().stream().mapToInt(Set::size).sum();
    }

    /** Ends every open stream (their clients reconnect with Last-Event-ID elsewhere or later). */
    @Override
    public void close() {
        streams.values().forEach(set -> set.forEach(SseStream::end));
    }
}
