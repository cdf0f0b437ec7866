package com.mangahub.sync.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The MangaDex budget shared by every instance on this database ({@code mangadex_budget_slots} and
 * {@code mangadex_budget_gate}). A claim takes a free slot among the first {@code slots}; a slot is free when it was
 * never used, when its request ended at least a second ago, or when its holder's lease ran out (the holder died).
 * Every time is the database's {@code clock_timestamp()}, the one clock all hosts share.
 */
public final class RateBudgetStore {
    /** Claims one free slot in one statement; SKIP LOCKED lets concurrent claimers take different slots. */
    private static final String CLAIM = """
            with free as (
                select slot from mangadex_budget_slots
                where slot < ?
                  and (select closed_until from mangadex_budget_gate) <= clock_timestamp()
                  and (granted_at is null
                       or (released_at is not null and released_at + interval '1 second' <= clock_timestamp())
                       or (released_at is null and lease_until < clock_timestamp()))
                order by slot
                limit 1
                for update skip locked)
            update mangadex_budget_slots s
               set holder = ?, granted_at = clock_timestamp(), released_at = null,
                   lease_until = clock_timestamp() + make_interval(secs => ?)
              from free where s.slot = free.slot
            returning s.slot""";
    /** How long until a claim could succeed: the gate's reopening, else the first cooling slot's end. */
    private static final String NEXT_FREE = """
            select extract(epoch from greatest(g.closed_until, clock_timestamp()) - clock_timestamp()) as closed_for,
                   extract(epoch from min(s.released_at + interval '1 second') - clock_timestamp()) as cooling_for
              from mangadex_budget_gate g
              left join mangadex_budget_slots s on s.slot < ? and s.released_at is not null
             group by g.closed_until""";

    private final Database db;

    public RateBudgetStore(Database db) {
        this.db = db;
    }

    /** Takes a slot for {@code holder} (unique per claim) and returns it, or empty when none is free. */
    public Optional<Integer> claim(int slots, String holder, Duration lease) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
                ps.setInt(1, slots);
                ps.setString(2, holder);
                ps.setDouble(3, lease.toMillis() / 1000.0);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
                }
            }
        });
    }

    /**
     * What a claimer that found no slot should wait: until the gate reopens if it is closed, else until the first
     * cooling slot comes free; empty when every slot is held by a request still under way (its end is unknown).
     */
    public Optional<Duration> untilNextFree(int slots) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(NEXT_FREE)) {
                ps.setInt(1, slots);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    Duration closed = seconds(rs, "closed_for").orElse(Duration.ZERO);
                    if (closed.isPositive()) return Optional.of(closed);
                    return seconds(rs, "cooling_for").map(d -> d.isNegative() ? Duration.ZERO : d);
                }
            }
        });
    }

    /** The request of this claim is over; its slot cools down for a second. A stale holder changes nothing. */
    public void release(int slot, String holder) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("update mangadex_budget_slots set released_at = "
                    + "clock_timestamp() where slot = ? and holder = ? and released_at is null")) {
                ps.setInt(1, slot);
                ps.setString(2, holder);
                return ps.executeUpdate();
            }
        });
    }

    /** Pauses every instance until {@code until}; a later moment already set wins. */
    public void closeUntil(Instant until, String reason) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("update mangadex_budget_gate set closed_until = ?, "
                    + "reason = ? where closed_until < ?")) {
                Jdbc.setInstant(ps, 1, until);
                ps.setString(2, reason);
                Jdbc.setInstant(ps, 3, until);
                return ps.executeUpdate();
            }
        });
    }

    /** Until when the shared gate is closed (the epoch or another past moment when it is open). */
    public Instant closedUntil() {
        return db.inTransaction(c -> {
            // '-infinity' (never closed) reads as the epoch: a moment in the past all the same
            try (PreparedStatement ps = c.prepareStatement("select greatest(closed_until, timestamptz 'epoch') "
                    + "as closed_until from mangadex_budget_gate");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Jdbc.instant(rs, "closed_until").orElse(Instant.EPOCH) : Instant.EPOCH;
            }
        });
    }

    private static Optional<Duration> seconds(ResultSet rs, String column) throws SQLException {
        java.math.BigDecimal value = rs.getBigDecimal(column);
        return value == null ? Optional.empty() : Optional.of(Duration.ofNanos(value.movePointRight(9).longValue()));
    }
}
