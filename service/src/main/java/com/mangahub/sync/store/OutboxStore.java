package com.mangahub.sync.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The outbox: events written in the same transaction as the change that caused them (by {@link OutboxWriter}, which
 * also says which clock stamps them), claimed by dispatchers with {@code FOR UPDATE SKIP LOCKED} and a lease (never
 * a "last seen id" cursor: sequence order is not commit order).
 */
public final class OutboxStore {
    private static final RowMapper<OutboxEvent> EVENT = ConstructorMapper.of(OutboxEvent.class);
    private final Database db;
    private final OutboxWriter writer = new OutboxWriter();

    public OutboxStore(Database db) {
        this.db = db;
    }

    /** A claimed event; {@code attempts} counts this claim. */
    public record OutboxEvent(long id, String type, Long mangaId, String payloadJson, int attempts) {}

    /** Pending work: how many events wait and how old the oldest is. */
    public record Backlog(long depth, Duration oldestAge, long dead) {}

    /** Writes an event in a transaction of its own; empty when an event with the same dedup key exists. */
    public Optional<Long> enqueue(OutboxWriter.Type type, long mangaId, String payloadJson, String dedupKey,
                                  Instant now) {
        return db.inTransaction(h -> writer.write(h, type, mangaId, payloadJson, dedupKey, now));
    }

    /**
     * Leases up to {@code limit} due events to {@code owner} until {@code now + lease}. Rows another dispatcher is
     * claiming are skipped, not waited for; a row whose lease expired (its dispatcher died) is claimable again.
     */
    public List<OutboxEvent> claim(String owner, Instant now, Duration lease, int limit, int maxAttempts) {
        return db.inTransaction(h -> {
            List<OutboxEvent> events = new ArrayList<>(h.createQuery("update outbox o set lease_until = :leaseUntil, "
                            + "leased_by = :owner, attempts = o.attempts + 1 from (select id from outbox "
                            + "where status = 'pending' and available_at <= :now "
                            + "and (lease_until is null or lease_until <= :now) and attempts < :maxAttempts "
                            + "order by available_at, id limit :limit for update skip locked) due where o.id = due.id "
                            + "returning o.id, o.type, o.manga_id, o.payload::text as payload_json, o.attempts")
                    .bind("leaseUntil", now.plus(lease))
                    .bind("owner", owner)
                    .bind("now", now)
                    .bind("maxAttempts", maxAttempts)
                    .bind("limit", limit)
                    .map(EVENT)
                    .list());
            events.sort(Comparator.comparingLong(OutboxEvent::id));
            return events;
        });
    }

    /** Locks the event for this transaction if {@code owner} still holds its lease and it is still pending. */
    public boolean holdLease(Handle h, long id, String owner) {
        return h.createQuery("select 1 from outbox where id = :id and leased_by = :owner and status = 'pending' "
                        + "for update")
                .bind("id", id)
                .bind("owner", owner)
                .mapTo(Integer.class)
                .findOne()
                .isPresent();
    }

    public void markDone(Handle h, long id, Instant now) {
        h.createUpdate("update outbox set status = 'done', processed_at = :now, lease_until = null, last_error = null "
                        + "where id = :id")
                .bind("now", now)
                .bind("id", id)
                .execute();
    }

    /** Records a failed attempt: back to pending at {@code retryAt}, or dead when the attempts are used up. */
    public void markFailed(long id, String owner, String error, Instant retryAt, boolean dead, Instant now) {
        db.inTransaction(h -> h.createUpdate("update outbox set status = :status, last_error = :error, "
                        + "available_at = :retryAt, lease_until = null, leased_by = null, processed_at = :processedAt "
                        + "where id = :id and leased_by = :owner and status = 'pending'")
                .bind("status", dead ? "dead" : "pending")
                .bind("error", error)
                .bind("retryAt", retryAt)
                .bindByType("processedAt", dead ? now : null, Instant.class)
                .bind("id", id)
                .bind("owner", owner)
                .execute());
    }

    /**
     * Gives back the claims {@code owner} still holds on pending events, as if never claimed (the attempt is not
     * counted): its round ended with the database gone, so those events were not tried, or failed through no fault
     * of theirs. Without this they would wait out the lease, and a run of outages could bury a good event.
     */
    public int releaseLeases(String owner) {
        return db.inTransaction(h -> h.createUpdate("update outbox set lease_until = null, leased_by = null, "
                        + "attempts = greatest(attempts - 1, 0) where leased_by = :owner and status = 'pending'")
                .bind("owner", owner)
                .execute());
    }

    /** Events whose dispatchers died on every attempt (leases expired) are buried, so a poison event ends. */
    public int buryExhausted(int maxAttempts, Instant now) {
        return db.inTransaction(h -> h.createUpdate("update outbox set status = 'dead', processed_at = :now, "
                        + "last_error = coalesce(last_error, 'dispatcher lost its lease on every attempt') "
                        + "where status = 'pending' and attempts >= :maxAttempts and lease_until <= :now")
                .bind("now", now)
                .bind("maxAttempts", maxAttempts)
                .execute());
    }

    public Backlog backlog(Instant now) {
        BacklogRow row = db.inTransaction(h -> h.createQuery("select count(*) filter (where status = 'pending') as depth, "
                        + "min(created_at) filter (where status = 'pending') as oldest, "
                        + "count(*) filter (where status = 'dead') as dead from outbox where status in ('pending', 'dead')")
                .map(ConstructorMapper.of(BacklogRow.class))
                .one());
        Instant oldest = row.oldest();
        Duration age = oldest == null || oldest.isAfter(now) ? Duration.ZERO : Duration.between(oldest, now);
        return new Backlog(row.depth(), age, row.dead());
    }

    private record BacklogRow(long depth, Instant oldest, long dead) {}

    /** An event whose fan-out failed at least once: retrying ({@code pending}) or given up ({@code dead}). */
    public record Failure(long id, String type, String status, int attempts, String lastError, Instant createdAt,
                          Instant availableAt) {}

    /** The most recent failing events, newest first: what the operator's status page lists. */
    public List<Failure> failures(int limit) {
        return db.inTransaction(h -> h.createQuery("select id, type, status, attempts, last_error, created_at, "
                        + "available_at from outbox where last_error is not null and status in ('pending', 'dead') "
                        + "order by id desc limit :limit")
                .bind("limit", limit)
                .map(ConstructorMapper.of(Failure.class))
                .list());
    }
}
