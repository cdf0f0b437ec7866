package com.mangahub.sync.store;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

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
                where slot < :slots
                  and (select closed_until from mangadex_budget_gate) <= clock_timestamp()
                  and (granted_at is null
                       or (released_at is not null and released_at + interval '1 second' <= clock_timestamp())
                       or (released_at is null and lease_until < clock_timestamp()))
                order by slot
                limit 1
                for update skip locked)
            update mangadex_budget_slots s
               set holder = :holder, granted_at = clock_timestamp(), released_at = null,
                   lease_until = clock_timestamp() + make_interval(secs => :leaseSeconds)
              from free where s.slot = free.slot
            returning s.slot""";
    /** How long until a claim could succeed: the gate's reopening, else the first cooling slot's end. */
    private static final String NEXT_FREE = """
            select extract(epoch from greatest(g.closed_until, clock_timestamp()) - clock_timestamp()) as closed_for,
                   extract(epoch from min(s.released_at + interval '1 second') - clock_timestamp()) as cooling_for
              from mangadex_budget_gate g
              left join mangadex_budget_slots s on s.slot < :slots and s.released_at is not null
             group by g.closed_until""";

    private final Database db;

    public RateBudgetStore(Database db) {
        this.db = db;
    }

    /** Takes a slot for {@code holder} (unique per claim) and returns it, or empty when none is free. */
    public Optional<Integer> claim(int slots, String holder, Duration lease) {
        return db.inTransaction(h -> h.createQuery(CLAIM)
                .bind("slots", slots)
                .bind("holder", holder)
                .bind("leaseSeconds", lease.toMillis() / 1000.0)
                .mapTo(Integer.class)
                .findOne());
    }

    /**
     * What a claimer that found no slot should wait: until the gate reopens if it is closed, else until the first
     * cooling slot comes free; empty when every slot is held by a request still under way (its end is unknown).
     */
    public Optional<Duration> untilNextFree(int slots) {
        return db.inTransaction(h -> h.createQuery(NEXT_FREE)
                .bind("slots", slots)
                .map(ConstructorMapper.of(Waits.class))
                .findOne())
                .flatMap(Waits::untilNextFree);
    }

    /** Seconds until the gate reopens and until the first cooling slot is free; null when there is no such thing. */
    private record Waits(BigDecimal closedFor, BigDecimal coolingFor) {
        Optional<Duration> untilNextFree() {
            Duration closed = seconds(closedFor).orElse(Duration.ZERO);
            if (closed.isPositive()) return Optional.of(closed);
            return seconds(coolingFor).map(d -> d.isNegative() ? Duration.ZERO : d);
        }

        private static Optional<Duration> seconds(BigDecimal value) {
            return value == null ? Optional.empty() : Optional.of(Duration.ofNanos(value.movePointRight(9).longValue()));
        }
    }

    /** The request of this claim is over; its slot cools down for a second. A stale holder changes nothing. */
    public void release(int slot, String holder) {
        db.inTransaction(h -> h.createUpdate("update mangadex_budget_slots set released_at = clock_timestamp() "
                        + "where slot = :slot and holder = :holder and released_at is null")
                .bind("slot", slot)
                .bind("holder", holder)
                .execute());
    }

    /** Pauses every instance until {@code until}; a later moment already set wins. */
    public void closeUntil(Instant until, String reason) {
        db.inTransaction(h -> h.createUpdate("update mangadex_budget_gate set closed_until = :until, reason = :reason "
                        + "where closed_until < :until")
                .bind("until", until)
                .bind("reason", reason)
                .execute());
    }

    /** Until when the shared gate is closed (the epoch or another past moment when it is open). */
    public Instant closedUntil() {
        // '-infinity' (never closed) reads as the epoch: a moment in the past all the same
        return db.inTransaction(h -> h.createQuery("select greatest(closed_until, timestamptz 'epoch') "
                        + "from mangadex_budget_gate")
                .mapTo(Instant.class)
                .findOne())
                .orElse(Instant.EPOCH);
    }

    /** The shared gate as the operator sees it: closed until when (the epoch when never closed), and why. */
    public record Gate(Instant closedUntil, String reason) {}

    public Gate gate() {
        return db.inTransaction(h -> h.createQuery("select greatest(closed_until, timestamptz 'epoch') as closed_until, "
                        + "reason from mangadex_budget_gate")
                .map(ConstructorMapper.of(Gate.class))
                .findOne())
                .orElse(new Gate(Instant.EPOCH, null));
    }
}
