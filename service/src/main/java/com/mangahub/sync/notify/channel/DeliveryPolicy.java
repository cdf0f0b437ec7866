package com.mangahub.sync.notify.channel;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How hard and how wide the delivery worker tries. {@code maxInFlight} sends at once in this process, at most
 * {@code perHost} to one host and {@code perKind} of one kind, so a slow or dead receiver holds only its own share;
 * a delivery is dead after {@code maxAttempts}; a channel pauses after {@code pauseAfter} failures in a row.
 * Backoff doubles from {@code firstBackoff} up to {@code maxBackoff}, with "equal jitter" (half fixed, half random)
 * so the retries of one outage do not arrive together.
 */
public record DeliveryPolicy(int maxInFlight, int perHost, int perKind, int maxAttempts, int pauseAfter,
                             Duration firstBackoff, Duration maxBackoff, Duration lease, int claimBatch) {

    public static DeliveryPolicy defaults() {
        return new DeliveryPolicy(256, 64, 192, 12, 20, Duration.ofSeconds(1), Duration.ofMinutes(30),
                Duration.ofSeconds(60), 200);
    }

    public DeliveryPolicy withBackoff(Duration first, Duration max) {
        return new DeliveryPolicy(maxInFlight, perHost, perKind, maxAttempts, pauseAfter, first, max, lease, claimBatch);
    }

    public DeliveryPolicy withLimits(int inFlight, int host, int kind) {
        return new DeliveryPolicy(inFlight, host, kind, maxAttempts, pauseAfter, firstBackoff, maxBackoff, lease, claimBatch);
    }

    public DeliveryPolicy withAttempts(int attempts, int pause) {
        return new DeliveryPolicy(maxInFlight, perHost, perKind, attempts, pause, firstBackoff, maxBackoff, lease, claimBatch);
    }

    /** The wait after the {@code attempts}-th failed attempt. */
    public Duration backoff(int attempts, RandomGenerator random) {
        int exponent = Math.min(Math.max(attempts - 1, 0), 30);
        long ceiling = Math.min(maxBackoff.toMillis(), firstBackoff.toMillis() << exponent);
        if (ceiling <= 0 || (firstBackoff.toMillis() << exponent) < 0) ceiling = maxBackoff.toMillis();
        long half = ceiling / 2;
        return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
    }
}
