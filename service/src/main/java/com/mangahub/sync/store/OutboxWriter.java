package com.mangahub.sync.store;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The one way an event enters the outbox, for the sync workflows and the trigger endpoints alike: written inside the
 * caller's transaction, so an event exists exactly when the change that caused it was committed. The dedup key makes
 * a re-run (after a crash, an overlap window) write nothing twice; a null key never conflicts.
 *
 * <p>Which clock stamps the row: the service's injected clock, passed in as {@code now}, for both
 * {@code created_at} and {@code available_at}. Every later comparison of an outbox row is made in SQL against the
 * dispatcher's {@code now} from that same clock (claimable when {@code available_at <= now}, lease expiry, burial,
 * backlog age), so stamping it with the database's {@code now()} instead mixed two clocks in one comparison: an
 * event from an instance whose clock ran behind the database server's stayed unclaimable until the host caught up
 * (and forever under a test clock set in the past). Across instances the stamps then differ only by host clock skew,
 * which shifts availability and leases by that much: negligible against leases of minutes and backoffs of seconds.
 * The rate budget, whose one-second windows cannot absorb skew, is the place that uses the database clock instead
 * ({@link RateBudgetStore}).
 */
public final class OutboxWriter {

    public enum Type { NEW_MANGA, NEW_CHAPTER, MANGA_UPDATE, STATUS_CHANGE, FIRST_CHAPTER }

    /** The new event's id; empty when an event with this dedup key already exists. */
    public Optional<Long> write(Handle h, Type type, long mangaId, String payloadJson, String dedupKey, Instant now) {
        return h.createQuery("insert into outbox (type, manga_id, payload, dedup_key, available_at, created_at) "
                        + "values (:type, :mangaId, cast(:payload as jsonb), :dedupKey, :now, :now) "
                        + "on conflict (dedup_key) do nothing returning id")
                .bind("type", type.name())
                .bind("mangaId", mangaId)
                .bind("payload", payloadJson)
                .bind("dedupKey", dedupKey)
                .bind("now", now)
                .mapTo(Long.class)
                .findOne();
    }
}
