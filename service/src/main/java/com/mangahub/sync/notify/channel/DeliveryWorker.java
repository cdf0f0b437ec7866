package com.mangahub.sync.notify.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.notify.NotifyMetrics;
import com.mangahub.sync.periodic.PeriodicLoop;
import com.mangahub.sync.store.ChannelStore;
import com.mangahub.sync.store.DeliveryStore;
import com.mangahub.sync.store.DeliveryStore.Due;
import com.mangahub.sync.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends owed deliveries. Each round claims what this process has room for (never rows of a host or kind already at
 * its limit, so those wait in the table, not in front of the others), starts one virtual thread per send and
 * returns at once; a finished send records its outcome and wakes the loop. Outcomes: delivered; retried after the
 * receiver's Retry-After or our jittered backoff; dead after the maximum attempts (listed to the reader, retryable);
 * a channel failing {@code pauseAfter} times in a row, or answering gone / unauthorised, is paused with the reason.
 * A crash mid-send leaves the row leased; when the lease ends another worker sends it again under the same
 * webhook-id (at-least-once).
 */
public final class DeliveryWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private final DeliveryStore deliveries;
    private final ChannelStore channels;
    private final ChannelSender sender;
    private final DeliveryPolicy policy;
    private final Clock clock;
    private final RandomGenerator random;
    private final NotifyMetrics metrics;
    private final String owner;
    private final PeriodicLoop loop;
    private final ExecutorService sends = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, AtomicInteger> perHost = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> perKind = new ConcurrentHashMap<>();
    private final java.util.Queue<DeliveryStore.Accepted> accepted = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.locks.ReentrantLock writing = new java.util.concurrent.locks.ReentrantLock();

    public DeliveryWorker(DeliveryStore deliveries, ChannelStore channels, ChannelSender sender, DeliveryPolicy policy,
                          Clock clock, RandomGenerator random, NotifyMetrics metrics, String owner, Duration pollInterval) {
        this.deliveries = deliveries;
        this.channels = channels;
        this.sender = sender;
        this.policy = policy;
        this.clock = clock;
        this.random = random;
        this.metrics = metrics;
        this.owner = owner;
        this.loop = new PeriodicLoop("channel-deliveries", pollInterval, Sleeper.SYSTEM, this::runOnce);
    }

    public DeliveryWorker start() {
        loop.start();
        return this;
    }

    public void wake() {
        loop.wake();
    }

    /** Claims and starts the due sends there is room for; returns how many started. */
    public int runOnce() {
        int room = policy.maxInFlight() - inFlight.get();
        if (room <= 0) return 0;
        List<Due> claimed = deliveries.claim(owner, clock.instant(), policy.lease(), Math.min(room, policy.claimBatch()),
                policy.perHost(), hostRoom(), full(perKind, policy.perKind()));
        List<Long> noRoom = new ArrayList<>();
        int started = 0;
        for (Due d : claimed) {
            if (!reserve(d)) {
                noRoom.add(d.id());
                continue;
            }
            started++;
            sends.submit(() -> send(d));
        }
        deliveries.release(noRoom, owner);
        started += digests(room - started);
        return started + batches(room - started);
    }

    /**
     * Starts one send per batching channel whose window has ended: its rows were claimed together and go in one
     * message. No room on its host: the whole window goes back untried.
     */
    private int batches(int room) {
        if (room <= 0) return 0;
        Map<Long, List<Due>> windows = new java.util.LinkedHashMap<>();
        for (Due d : deliveries.claimBatches(owner, clock.instant(), policy.lease(), Math.min(room, 50))) {
            windows.computeIfAbsent(d.channelId(), id -> new ArrayList<>()).add(d);
        }
        int started = 0;
        List<Long> noRoom = new ArrayList<>();
        for (List<Due> rows : windows.values()) {
            if (!reserve(rows.getFirst())) {
                rows.forEach(d -> noRoom.add(d.id()));
                continue;
            }
            started++;
            sends.submit(() -> sendTogether(rows, () -> sender.sendBatch(rows)));
        }
        deliveries.release(noRoom, owner);
        return started;
    }

    /**
     * Starts one send per (digest channel, ended period): the channel's rows of that period were claimed together
     * and go in one mail. No room on the SMTP host: the whole period goes back untried, never a part of it.
     */
    private int digests(int room) {
        if (room <= 0) return 0;
        Instant now = clock.instant();
        List<Due> claimed = deliveries.claimDigests(owner, now, policy.lease(), Digest.HOURLY.cutoff(now),
                Digest.DAILY.cutoff(now), Math.min(room, 50));
        Map<List<Object>, List<Due>> periods = new java.util.LinkedHashMap<>();
        Map<Long, Digest> digestOf = new java.util.HashMap<>();
        for (Due d : claimed) {
            Digest digest = digestOf.computeIfAbsent(d.channelId(), id -> sender.settings(d).digest());
            periods.computeIfAbsent(List.of(d.channelId(), digest.periodStart(d.createdAt())), k -> new ArrayList<>()).add(d);
        }
        int started = 0;
        List<Long> noRoom = new ArrayList<>();
        for (var period : periods.entrySet()) {
            List<Due> rows = period.getValue();
            if (!reserve(rows.getFirst())) {
                rows.forEach(d -> noRoom.add(d.id()));
                continue;
            }
            started++;
            Digest digest = digestOf.get(rows.getFirst().channelId());
            Instant start = (Instant) period.getKey().get(1);
            sends.submit(() -> sendDigest(rows, digest, start));
        }
        deliveries.release(noRoom, owner);
        return started;
    }

    /** How many sends are under way in this process (tests wait for 0). */
    public int inFlight() {
        return inFlight.get();
    }

    /** The room left on each host this worker sends to now (absent hosts have the whole per-host limit). */
    private Map<String, Integer> hostRoom() {
        Map<String, Integer> room = new java.util.HashMap<>();
        perHost.forEach((host, n) -> {
            int used = n.get();
            if (used > 0) room.put(host, Math.max(0, policy.perHost() - used));
        });
        return room;
    }

    private static List<String> full(Map<String, AtomicInteger> counts, int limit) {
        return counts.entrySet().stream().filter(e -> e.getValue().get() >= limit).map(Map.Entry::getKey).toList();
    }

    private boolean reserve(Due d) {
        AtomicInteger host = perHost.computeIfAbsent(d.host(), h -> new AtomicInteger());
        AtomicInteger kind = perKind.computeIfAbsent(d.kind(), k -> new AtomicInteger());
        if (host.incrementAndGet() > policy.perHost() | kind.incrementAndGet() > policy.perKind()) {
            host.decrementAndGet();
            kind.decrementAndGet();
            return false;
        }
        inFlight.incrementAndGet();
        return true;
    }

    private void send(Due d) {
        try {
            record(d, sender.send(d));
        } catch (RuntimeException e) {
            // a bug or a store failure: the lease runs out and the row is tried again; never lost, never silent
            log.error("delivery {} to channel {} failed unexpectedly", d.id(), d.channelId(), e);
        } finally {
            finished(d);
        }
    }

    private void sendDigest(List<Due> rows, Digest digest, Instant periodStart) {
        sendTogether(rows, () -> sender.sendDigest(rows, digest, periodStart));
    }

    private void sendTogether(List<Due> rows, java.util.function.Supplier<Outcome> send) {
        Due d = rows.getFirst();
        try {
            recordDigest(rows, send.get());
        } catch (RuntimeException e) {
            log.error("digest of {} deliveries to channel {} failed unexpectedly", rows.size(), d.channelId(), e);
        } finally {
            finished(d);
        }
    }

    private void finished(Due d) {
        int onHost = perHost.get(d.host()).decrementAndGet();
        perKind.get(d.kind()).decrementAndGet();
        int all = inFlight.decrementAndGet();
        // claim again once a quarter of a host's room is free (or everything is idle), not after every send: a
        // claim per finished send would rank the backlog once per delivery
        if (onHost == policy.perHost() * 3 / 4 || all == 0 || all == policy.maxInFlight() * 3 / 4) loop.wake();
    }

    private void record(Due d, Outcome outcome) {
        Instant now = clock.instant();
        switch (outcome) {
            case Outcome.Delivered ok -> {
                ok.holdNext().ifPresent(wait -> channels.hold(d.channelId(), now.plus(wait)));
                accepted.add(new DeliveryStore.Accepted(d.id(), d.channelId(), ok.status()));
                flushAccepted();
                metrics.delivery(d.kind(), "delivered", 1);
            }
            case Outcome.Retry retry when retry.status() == 429 -> {
                // the receiver is alive and asks us to slow down: not a failure, the attempt does not count
                Duration wait = retry.retryAfter().orElseGet(() -> policy.backoff(d.attempts(), random));
                channels.hold(d.channelId(), now.plus(wait));
                deliveries.postpone(d.id(), owner, now.plus(wait), retry.error());
                metrics.delivery(d.kind(), "rate_limited", 1);
            }
            case Outcome.Retry retry -> {
                boolean dead = d.attempts() >= policy.maxAttempts();
                Instant at = now.plus(retry.wait(policy.backoff(d.attempts(), random)));
                deliveries.failed(d.id(), owner, retry.error(), retry.status(), at, dead);
                channels.failed(d.channelId(), retry.error(), policy.pauseAfter(),
                        policy.pauseAfter() + " failures in a row, the last: " + retry.error(), now);
                metrics.delivery(d.kind(), dead ? "dead" : "retried", 1);
                if (dead) log.warn("delivery {} to {} channel {} is dead after {} attempts: {}", d.id(), d.kind(),
                        d.channelId(), d.attempts(), retry.error());
            }
            case Outcome.Gone gone when HostedVerdicts.unsubscribed(d.kind(), gone) -> unsubscribed(d, gone);
            case Outcome.Gone gone -> {
                // stays owed: it goes out when the reader fixes the channel and a test resumes it
                deliveries.postpone(d.id(), owner, now, gone.error());
                channels.failed(d.channelId(), gone.error(), 1, gone.error(), now);
                metrics.delivery(d.kind(), "paused", 1);
                log.info("{} channel {} paused: {}", d.kind(), d.channelId(), gone.error());
            }
        }
    }

    /** The browser dropped its push subscription: the channel and what it owed go (nothing could ever reach it). */
    private void unsubscribed(Due d, Outcome.Gone gone) {
        channels.remove(d.channelId());
        metrics.delivery(d.kind(), "unsubscribed", 1);
        log.info("{} channel {} removed: {}", d.kind(), d.channelId(), gone.error());
    }

    /**
     * A digest's outcome is every row's: delivered together in one transaction (a crash before it re-sends the whole
     * digest under the same Message-ID), or retried, dead or postponed together, so the period stays one mail.
     */
    private void recordDigest(List<Due> rows, Outcome outcome) {
        Due d = rows.getFirst();
        Instant now = clock.instant();
        switch (outcome) {
            case Outcome.Delivered ok -> {
                deliveries.delivered(rows.stream().map(r -> new DeliveryStore.Accepted(r.id(), r.channelId(), ok.status()))
                        .toList(), owner, now);
                metrics.delivery(d.kind(), "delivered", rows.size());
            }
            case Outcome.Retry retry when retry.status() == 429 -> {
                Duration wait = retry.wait(policy.backoff(1, random));
                channels.hold(d.channelId(), now.plus(wait));
                rows.forEach(r -> deliveries.postpone(r.id(), owner, now.plus(wait), retry.error()));
                metrics.delivery(d.kind(), "rate_limited", rows.size());
            }
            case Outcome.Retry retry -> {
                int attempts = rows.stream().mapToInt(Due::attempts).max().orElse(1);
                boolean dead = attempts >= policy.maxAttempts();
                Instant at = now.plus(retry.wait(policy.backoff(attempts, random)));
                rows.forEach(r -> deliveries.failed(r.id(), owner, retry.error(), retry.status(), at, dead));
                channels.failed(d.channelId(), retry.error(), policy.pauseAfter(),
                        policy.pauseAfter() + " failures in a row, the last: " + retry.error(), now);
                metrics.delivery(d.kind(), dead ? "dead" : "retried", rows.size());
                if (dead) log.warn("digest of {} deliveries to channel {} is dead after {} attempts: {}", rows.size(),
                        d.channelId(), attempts, retry.error());
            }
            case Outcome.Gone gone when HostedVerdicts.unsubscribed(d.kind(), gone) -> unsubscribed(d, gone);
            case Outcome.Gone gone -> {
                rows.forEach(r -> deliveries.postpone(r.id(), owner, now, gone.error()));
                channels.failed(d.channelId(), gone.error(), 1, gone.error(), now);
                metrics.delivery(d.kind(), "paused", rows.size());
                log.info("{} channel {} paused: {}", d.kind(), d.channelId(), gone.error());
            }
        }
    }

    /**
     * Writes the accepted sends: whoever finds the writer free writes everything queued so far, so while one batch
     * commits the next gathers (group commit instead of a transaction per send). A crash before the write only means
     * those sends go again under the same webhook-id.
     */
    private void flushAccepted() {
        while (!accepted.isEmpty() && writing.tryLock()) {
            try {
                List<DeliveryStore.Accepted> batch = new ArrayList<>();
                for (DeliveryStore.Accepted a; batch.size() < 1000 && (a = accepted.poll()) != null; ) batch.add(a);
                deliveries.delivered(batch, owner, clock.instant());
            } finally {
                writing.unlock();
            }
        }
    }

    @Override
    public void close() {
        loop.close();
        sends.shutdownNow();
        try {
            sends.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
