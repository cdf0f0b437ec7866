package com.mangahub.sync.reader;

import com.mangahub.sync.config.Config;
import com.mangahub.sync.web.ApiError;
import com.mangahub.sync.web.LimitMeters;
import com.mangahub.sync.web.SlotCap;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What one reader's token may ask of the API: requests from a token bucket ({@code requestsPerSecond} refilled, at most
 * {@code requestBurst} at once; 0: no limit) and requests that cause MangaDex work (a follow takes a baseline, an
 * import adds series) in flight at once. Beyond either: a JSON 429 naming the limit, with Retry-After. Keyed by reader
 * rather than token: a reader has one token at a time, and a rotation must not hand a flooder a fresh bucket.
 */
public final class ReaderLimits {
    public static final String REQUESTS = "requests_per_reader";
    public static final String MANGADEX_WORK = "mangadex_work_per_reader";
    /** A follow or an import of a few series ends within seconds; waiting that long is the likely remedy. */
    private static final Duration WORK_RETRY = Duration.ofSeconds(5);

    private final int perSecond;
    private final int burst;
    private final LimitMeters meters;
    private final SlotCap<Long> work;
    private final Map<Long, Bucket> buckets = new ConcurrentHashMap<>();

    public ReaderLimits(Config.Limits limits, LimitMeters meters) {
        this.perSecond = limits.requestsPerSecond();
        this.burst = Math.max(limits.requestBurst(), perSecond);
        this.meters = meters;
        this.work = new SlotCap<>(MANGADEX_WORK, limits.mangaDexWorkPerReader(), meters);
        meters.watch(REQUESTS, this::throttled, perSecond);
    }

    /** No limits at all: routes tested on their own. */
    public static ReaderLimits none() {
        Config.Limits d = Config.Limits.defaults();
        return new ReaderLimits(new Config.Limits(d.sseStreamsPerReader(), d.coapObservationsPerReader(), 0,
                d.requestBurst(), 0, d.heapReservePercent(), d.pendingPerAddress(), d.headerTimeout(),
                d.idleTimeout()), LimitMeters.unread());
    }

    /** One request of this reader: spends a token of its bucket, or answers 429 with the wait until the next one. */
    void spend(long userId) {
        if (perSecond == 0) return;
        ConsumptionProbe probe = buckets.computeIfAbsent(userId, id -> newBucket()).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) return;
        meters.refused(REQUESTS);
        long seconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
        throw ApiError.tooMany(REQUESTS, "this reader made more than " + burst + " requests at once or " + perSecond
                + " a second for too long; try again in " + seconds + " s", Duration.ofSeconds(seconds));
    }

    /** Runs MangaDex-bound work of this reader if it has fewer than its cap in flight; 429 otherwise. */
    public <T> T mangaDexWork(long userId, Supplier<T> task) {
        if (!work.tryTake(userId)) {
            throw ApiError.tooMany(MANGADEX_WORK, "this reader already has " + work.perKey() + " follows, imports or MangaDex searches "
                    + "under way, the most a reader may; wait for one to finish", WORK_RETRY);
        }
        try {
            return task.get();
        } finally {
            work.give(userId);
        }
    }

    /** A refusal by a cap another package keeps (a reader's channels), counted with the rest. */
    public void refused(String limit) {
        meters.refused(limit);
    }

    private Bucket newBucket() {
        return Bucket.builder().addLimit(Bandwidth.builder().capacity(burst)
                .refillGreedy(perSecond, Duration.ofSeconds(1)).build()).build();
    }

    /** Readers whose bucket is empty now (O(readers), read at scrape time). */
    private int throttled() {
        return (int) buckets.values().stream().filter(b -> b.getAvailableTokens() < 1).count();
    }
}
