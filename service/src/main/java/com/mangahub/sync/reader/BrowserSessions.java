package com.mangahub.sync.reader;

import com.mangahub.sync.store.SessionStore;
import com.mangahub.sync.store.SessionStore.SessionRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Server-side browser sessions: a random secret in the cookie (only its SHA-256 stored) and a CSRF token the page
 * sends back on every mutating request. A session ends after {@code idle} without use, at {@code maxAge} whatever
 * its use, at sign-out, at "sign out everywhere" and when the reader is disabled. Its use is recorded to the minute,
 * so the idle limit is exact to a minute and a busy page writes once a minute, not once a request.
 */
public final class BrowserSessions {
    private static final Duration USE_GRANULARITY = Duration.ofMinutes(1);

    private final SessionStore store;
    private final Clock clock;
    private final Duration idle;
    private final Duration maxAge;

    public BrowserSessions(SessionStore store, Clock clock, Duration idle, Duration maxAge) {
        this.store = store;
        this.clock = clock;
        this.idle = idle;
        this.maxAge = maxAge;
    }

    /** A session just opened: the cookie's secret (the only copy) and the stored row with its CSRF token. */
    public record Opened(String secret, SessionRow row) {}

    /** Opens a session for the reader, clearing their sessions that ended by themselves. */
    public Opened open(long userId) {
        Instant now = clock.instant();
        store.deleteEnded(userId, now.minus(idle), now);
        String secret = ApiTokens.newToken();
        SessionRow row = store.create(userId, ApiTokens.hash(secret), ApiTokens.newToken(), now, now.plus(maxAge));
        return new Opened(secret, row);
    }

    /** The session of this cookie secret while it lasts, its use recorded; empty when it has ended. */
    Optional<SessionRow> recognise(String secret) {
        Instant now = clock.instant();
        Optional<SessionRow> row = store.find(ApiTokens.hash(secret))
                .filter(s -> s.expiresAt().isAfter(now) && s.lastSeenAt().plus(idle).isAfter(now));
        // most requests find the mark recent: no write at all
        row.filter(s -> s.lastSeenAt().isBefore(now.minus(USE_GRANULARITY)))
                .ifPresent(s -> store.touch(s.id(), now, now.minus(USE_GRANULARITY)));
        return row;
    }

    /** Signs this session out; false when it had already ended. */
    public boolean end(String secret) {
        return store.delete(ApiTokens.hash(secret));
    }

    /** Signs the reader out everywhere; returns how many sessions ended. */
    public int endAll(long userId) {
        return store.deleteAll(userId);
    }

    /** How long a session lasts at most, for the cookie's own expiry. */
    public Duration maxAge() {
        return maxAge;
    }

    Map<Long, List<byte[]>> live(Collection<Long> userIds) {
        Instant now = clock.instant();
        return store.live(userIds, now.minus(idle), now);
    }
}
