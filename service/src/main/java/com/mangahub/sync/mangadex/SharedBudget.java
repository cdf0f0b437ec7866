package com.mangahub.sync.mangadex;

import java.time.Duration;
import java.time.Instant;

/**
 * MangaDex counts requests per IP, not per process, so every instance behind one address must draw on one budget.
 * The {@link RateGate} keeps each process within the limit; this keeps the instances together within it. A slot is
 * one request that counts at MangaDex's end: claimed before it goes out, closed once its answer is in, and it counts
 * for one more second after that. {@link #PROCESS_ONLY} is the budget of a single instance (nothing shared).
 */
public interface SharedBudget {
    /** What a claim got: a slot to close after the request, or how long to wait before asking again. */
    sealed interface Claim {
        record Granted(Slot slot) implements Claim {}

        record Wait(Duration duration) implements Claim {}
    }

    /** One claimed request; closing it starts the second during which it still counts at MangaDex. */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /** Claims one of the first {@code slots} request slots (the caller's whole-number rate), without blocking. */
    Claim tryClaim(int slots);

    /** A 429 or a ban seen here pauses every instance until {@code until}. */
    void closeUntil(Instant until, String reason);

    /** A single instance: the process's own gate is the whole budget. */
    SharedBudget PROCESS_ONLY = new SharedBudget() {
        private static final Slot NOTHING_TO_RELEASE = () -> { };

        @Override
        public Claim tryClaim(int slots) {
            return new Claim.Granted(NOTHING_TO_RELEASE);
        }

        @Override
        public void closeUntil(Instant until, String reason) {
            // the process's own gate has closed already; nobody else to tell
        }

        @Override
        public String toString() {
            return "process-only";
        }
    };
}
