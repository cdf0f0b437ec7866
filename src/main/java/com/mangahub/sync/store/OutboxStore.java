package com.mangahub.sync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The outbox: events written in the same transaction as the change that caused them, claimed by dispatchers with
 * {@code FOR UPDATE SKIP LOCKED} and a lease (never a "last seen id" cursor: sequence order is not commit order).
 */
public final class OutboxStore {
    private final Database db;

    public OutboxStore(Database db) {
        this.db = db;
    }

    /** A claimed event; {@code attempts} counts this claim. */
    public record OutboxEvent(long id, String type, Long mangaId, String payloadJson, int attempts) {}

    /** Pending work: how many events wait and how old the oldest is. */
    public record Backlog(long depth, Duration oldestAge, long dead) {}

    /** Writes an event; empty when an event with the same dedup key exists. Usable inside a caller's transaction. */
    public Optional<Long> enqueue(Connection c, String type, long mangaId, String payloadJson, String dedupKey,
                                  Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into outbox (type, manga_id, payload, dedup_key, "
                + "available_at, created_at) values (?, ?, ?::jsonb, ?, ?, ?) on conflict (dedup_key) do nothing returning id")) {
            ps.setString(1, type);
            ps.setLong(2, mangaId);
            ps.setString(3, payloadJson);
            ps.setString(4, dedupKey);
            NotifyRows.setInstant(ps, 5, now);
            NotifyRows.setInstant(ps, 6, now);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    public Optional<Long> enqueue(String type, long mangaId, String payloadJson, String dedupKey, Instant now) {
        return db.inTransaction(c -> enqueue(c, type, mangaId, payloadJson, dedupKey, now));
    }

    /**
     * Leases up to {@code limit} due events to {@code owner} until {@code now + lease}. Rows another dispatcher is
     * claiming are skipped, not waited for; a row whose lease expired (its dispatcher died) is claimable again.
     */
    public List<OutboxEvent> claim(String owner, Instant now, Duration lease, int limit, int maxAttempts) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("update outbox o set lease_until = ?, leased_by = ?, "
                    + "attempts = o.attempts + 1 from (select id from outbox where status = 'pending' and available_at <= ? "
                    + "and (lease_until is null or lease_until <= ?) and attempts < ? order by available_at, id limit ? "
                    + "for update skip locked) due where o.id = due.id "
                    + "returning o.id, o.type, o.manga_id, o.payload::text as payload, o.attempts")) {
                NotifyRows.setInstant(ps, 1, now.plus(lease));
                ps.setString(2, owner);
                NotifyRows.setInstant(ps, 3, now);
                NotifyRows.setInstant(ps, 4, now);
                ps.setInt(5, maxAttempts);
                ps.setInt(6, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<OutboxEvent> events = new ArrayList<>();
                    while (rs.next()) {
                        long mangaId = rs.getLong("manga_id");
                        events.add(new OutboxEvent(rs.getLong("id"), rs.getString("type"),
                                rs.wasNull() ? null : mangaId, rs.getString("payload"), rs.getInt("attempts")));
                    }
                    events.sort(Comparator.comparingLong(OutboxEvent::id));
                    return events;
                }
            }
        });
    }

    /** Locks the event for this transaction if {@code owner} still holds its lease and it is still pending. */
    public boolean holdLease(Connection c, long id, String owner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select 1 from outbox where id = ? and leased_by = ? and status = 'pending' for update")) {
            ps.setLong(1, id);
            ps.setString(2, owner);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public void markDone(Connection c, long id, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update outbox set status = 'done', processed_at = ?, "
                + "lease_until = null, last_error = null where id = ?")) {
            NotifyRows.setInstant(ps, 1, now);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /** Records a failed attempt: back to pending at {@code retryAt}, or dead when the attempts are used up. */
    public void markFailed(long id, String owner, String error, Instant retryAt, boolean dead, Instant now) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("update outbox set status = ?, last_error = ?, "
                    + "available_at = ?, lease_until = null, leased_by = null, processed_at = ? "
                    + "where id = ? and leased_by = ? and status = 'pending'")) {
                ps.setString(1, dead ? "dead" : "pending");
                ps.setString(2, error);
                NotifyRows.setInstant(ps, 3, retryAt);
                NotifyRows.setInstant(ps, 4, dead ? now : null);
                ps.setLong(5, id);
                ps.setString(6, owner);
                return ps.executeUpdate();
            }
        });
    }

    /** Events whose dispatchers died on every attempt (leases expired) are buried, so a poison event ends. */
    public int buryExhausted(int maxAttempts, Instant now) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("update outbox set status = 'dead', processed_at = ?, "
                    + "last_error = coalesce(last_error, 'dispatcher lost its lease on every attempt') "
                    + "where status = 'pending' and attempts >= ? and lease_until <= ?")) {
                NotifyRows.setInstant(ps, 1, now);
                ps.setInt(2, maxAttempts);
                NotifyRows.setInstant(ps, 3, now);
                return ps.executeUpdate();
            }
        });
    }

    public Backlog backlog(Instant now) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("select count(*) filter (where status = 'pending'), "
                    + "min(created_at) filter (where status = 'pending') as oldest, count(*) filter (where status = 'dead') "
                    + "from outbox where status in ('pending', 'dead')");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                Instant oldest = NotifyRows.instant(rs, "oldest");
                Duration age = oldest == null || oldest.isAfter(now) ? Duration.ZERO : Duration.between(oldest, now);
                return new Backlog(rs.getLong(1), age, rs.getLong(3));
            }
        });
    }
}
