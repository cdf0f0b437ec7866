package com.mangahub.sync.workflow;

import com.mangahub.sync.config.Config;
import com.mangahub.sync.mangadex.MangaDexException;
import com.mangahub.sync.mangadex.SharedBudget;
import com.mangahub.sync.store.RateBudgetStore;
import com.mangahub.sync.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MangaDex budget of every instance on one database (ARCHITECTURE: "one budget for the whole cluster"), kept in
 * PostgreSQL by {@link RateBudgetStore}. Two instances that each keep to the limit would together send twice it from
 * one IP; with this, what MangaDex counts stays within the largest rate any of them is configured with. When the
 * database cannot be reached, no request goes out: an unknown budget may be spent already.
 */
public final class ClusterRateBudget implements SharedBudget {
    private static final Logger log = LoggerFactory.getLogger(ClusterRateBudget.class);
    /** How often to look again while every slot is held by a request still under way (its end is unknown). */
    private static final Duration POLL = Duration.ofMillis(50);

    private final RateBudgetStore store;
    private final Duration lease;
    private final String instance = UUID.randomUUID().toString();
    private final AtomicLong claims = new AtomicLong();

    /** The lease outlasts the longest exchange the client allows (twice the request timeout, body included). */
    public ClusterRateBudget(RateBudgetStore store, Config.MangaDex config) {
        this(store, config.requestTimeout().multipliedBy(2).plusSeconds(10));
    }

    /**
     * @param lease how long a slot stays held when its holder never releases it (the process died mid-request);
     *              longer than any request can take, or a slow request would share its slot with another
     */
    public ClusterRateBudget(RateBudgetStore store, Duration lease) {
        this.store = store;
        this.lease = lease;
    }

    @Override
    public Claim tryClaim(int slots) {
        String holder = instance + "/" + claims.incrementAndGet();
        try {
            Optional<Integer> slot = store.claim(slots, holder, lease);
            if (slot.isPresent()) return new Claim.Granted(() -> release(slot.get(), holder));
            return new Claim.Wait(store.untilNextFree(slots).filter(Duration::isPositive).orElse(POLL));
        } catch (StoreException e) {
            throw new MangaDexException.Unavailable("the shared MangaDex budget in PostgreSQL is out of reach, so "
                    + "nothing is sent: " + e.getMessage(), e);
        }
    }

    /** Even on an interrupted thread (shutdown), or the slot would stay taken until its lease runs out. */
    private void release(int slot, String holder) {
        try {
            Bookkeeping.uninterrupted(() -> store.release(slot, holder));
        } catch (StoreException e) {
            log.warn("could not release MangaDex budget slot {}; it comes free when its lease ends: {}", slot,
                    e.getMessage());
        }
    }

    @Override
    public void closeUntil(Instant until, String reason) {
        try {
            store.closeUntil(until, reason);
        } catch (StoreException e) {
            // this instance has paused itself already; the others learn of the 429 from their own
            log.warn("could not pause the other instances until {}: {}", until, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "cluster-wide (PostgreSQL)";
    }
}
