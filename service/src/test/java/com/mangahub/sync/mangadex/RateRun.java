package com.mangahub.sync.mangadex;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

/** Many threads calling one client as fast as they can for a while, in real time: what the rate acceptance runs. */
record RateRun(long calls, long failures, AtomicReference<Throwable> firstFailure) {

    /** The shortest span the tap saw holding {@code count} consecutive requests: below 1 s means a crowded second. */
    static Duration shortestSpan(List<RecordedRequest> requests, int count) {
        List<Instant> arrivals = requests.stream().map(RecordedRequest::arrivedAt).sorted().toList();
        Duration shortest = Duration.ofDays(1);
        for (int i = count - 1; i < arrivals.size(); i++) {
            Duration span = Duration.between(arrivals.get(i - count + 1), arrivals.get(i));
            if (span.compareTo(shortest) < 0) shortest = span;
        }
        return shortest;
    }

    static RateRun of(MangaDexClient client, List<UUID> ids, int threads, Duration length) throws InterruptedException {
        Instant end = Clock.systemUTC().instant().plus(length);
        AtomicLong calls = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicReference<Throwable> first = new AtomicReference<>();
        List<Thread> workers = IntStream.range(0, threads).mapToObj(t -> Thread.ofPlatform().name("caller-" + t).start(() -> {
            for (int i = t; Clock.systemUTC().instant().isBefore(end); i++) {
                try {
                    client.manga(ids.get(i % ids.size()));
                    // Calls still queued at the gate when time is up finish later; they are not throughput.
                    if (!Clock.systemUTC().instant().isAfter(end)) calls.incrementAndGet();
                } catch (MangaDexException e) {
                    failures.incrementAndGet();
                    first.compareAndSet(null, e);
                }
            }
        })).toList();
        for (Thread w : workers) w.join(length.plusSeconds(60));
        return new RateRun(calls.get(), failures.get(), first);
    }
}
