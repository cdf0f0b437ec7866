package com.mangahub.sync.notify.sse;

import com.mangahub.sync.notify.NotificationJson;
import com.mangahub.sync.notify.NotificationLog;
import com.mangahub.sync.notify.NotifyMetrics;
import com.mangahub.sync.notify.TokenSessions;
import com.mangahub.sync.reader.RequestAuth;
import com.mangahub.sync.store.NotificationStore.NotificationRow;
import com.mangahub.sync.store.UserStore.UserAccount;
import com.mangahub.sync.web.ApiError;
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
    /**
     * The response buffer of a stream. Jetty's default (32 KB, direct) is taken from its pool by a stream's first write
     * and held while the stream is open: 320 MB for 10,000 streams, each zeroed when allocated, which was a third of a
     * fan-out's time. An event longer than this is written in two (the buffer's worth, then the rest: strace shows
     * 128 + 85 bytes). One write per event (Jetty's {@code write(ByteBuffer)}) was measured and not kept: on loopback
     * the second write is what fails once a client has closed its end, and without it the next event is marked
     * delivered to a client that is gone (CHANGELOG.md, Performance).
     */
    static final int STREAM_BUFFER_BYTES = 128;

    private final RequestAuth auth;
    private final NotificationLog notificationLog;
    private final NotificationJson json;
    private final NotifyMetrics metrics;
    private final Duration heartbeat;
    private final Map<Long, Set<SseStream>> streams = new ConcurrentHashMap<>();

    public SseRoutes(RequestAuth auth, NotificationLog notificationLog, NotificationJson json, NotifyMetrics metrics,
                     Duration heartbeat) {
        this.auth = auth;
        this.notificationLog = notificationLog;
        this.json = json;
        this.metrics = metrics;
        this.heartbeat = heartbeat;
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
            ctx.res().setBufferSize(STREAM_BUFFER_BYTES);
        });
        app.sse(PATH, this::stream);
    }

    private void stream(SseClient client) {
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
        try {
            // a rotation committed between the token check and the registration above found no stream to end
            if (!auth.stillValid(user.id(), ctx.attribute(FINGERPRINT))) return;
            stream.run();
        } finally {
            streams.computeIfPresent(user.id(), (id, set) -> {
                set.remove(stream);
                return set.isEmpty() ? null : set;
            });
        }
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
    public int endRevoked(long userId, byte[] current) {
        Set<SseStream> set = streams.get(userId);
        if (set == null) return 0;
        int ended = 0;
        for (SseStream s : set) {
            if (!s.openedWith(current)) {
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
