package com.mangahub.sync.notify.channel;

import java.time.Duration;
import java.util.Optional;

/** What one send came to. {@code status} is the HTTP status, 0 when no answer came (refused, reset, timed out). */
public sealed interface Outcome {
    int status();

    /** Accepted. {@code holdNext}: the receiver's rate limit says wait this long before the next message. */
    record Delivered(int status, Optional<Duration> holdNext) implements Outcome {}

    /**
     * Try again later: after {@code retryAfter} when the receiver said so, else after our backoff, never sooner than
     * {@code atLeast} (Pushover asks for 5 s between a failure and its retry).
     */
    record Retry(int status, String error, Optional<Duration> retryAfter, Duration atLeast) implements Outcome {
        public Retry(int status, String error, Optional<Duration> retryAfter) {
            this(status, error, retryAfter, Duration.ZERO);
        }

        /** The wait before the next attempt, {@code backoff} being ours when the receiver named none. */
        public Duration wait(Duration backoff) {
            Duration w = retryAfter.orElse(backoff);
            return w.compareTo(atLeast) < 0 ? atLeast : w;
        }
    }

    /** The receiver says the target is gone or refuses our credentials: retrying cannot help, so the channel pauses. */
    record Gone(int status, String error) implements Outcome {}
}
