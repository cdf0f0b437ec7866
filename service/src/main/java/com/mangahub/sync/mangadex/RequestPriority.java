package com.mangahub.sync.mangadex;

import java.util.function.Supplier;

/**
 * How urgent the MangaDex requests of the current thread are, most urgent first. {@link #DETECTION} is the chapter
 * stream and the new-series poll (with the baselines the stream takes as it goes): what decides how soon a reader
 * hears of a chapter. {@link #INTERACTIVE}, the default, is a reader waiting for an answer: a search, a follow.
 * {@link #BULK} is work whose size follows the catalogue or a library: the bulk import, the reconciliation sweep, a
 * library import's catalogue lookups. The {@link RateGate} lets a caller through only while no more urgent caller
 * waits, and keeps one request slot of every second free of bulk work, in this process and across processes (through
 * the {@link SharedBudget}): a big import never delays detection, and a burst of searches delays it by one request.
 */
public enum RequestPriority {
    DETECTION,
    INTERACTIVE,
    BULK;

    private static final ThreadLocal<RequestPriority> CURRENT = ThreadLocal.withInitial(() -> INTERACTIVE);

    /** The priority of the calling thread's requests now. */
    public static RequestPriority current() {
        return CURRENT.get();
    }

    /** Runs {@code work} with its MangaDex requests at this priority, then restores what the thread had. */
    public <T> T run(Supplier<T> work) {
        RequestPriority before = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.get();
        } finally {
            CURRENT.set(before);
        }
    }

    /** Runs {@code work} at bulk priority. */
    public static <T> T bulk(Supplier<T> work) {
        return BULK.run(work);
    }

    /** Runs {@code work} at bulk priority. */
    public static void bulk(Runnable work) {
        BULK.run(() -> {
            work.run();
            return null;
        });
    }
}
