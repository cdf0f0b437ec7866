package com.mangahub.sync.web;

import java.time.Duration;
import java.util.Optional;

/**
 * Something the API cannot answer without (the database), as the HTTP edge sees it: while it is out, API requests
 * are answered at once with a JSON 503 and {@code Retry-After} instead of waiting for it, and a request that failed
 * because of it answers the same 503 rather than a 500. The composition root says what "out" means.
 */
public interface Outage {
    /** Nothing is ever out: for servers without such a dependency. */
    Outage NONE = new Outage() {
        @Override
        public Optional<String> current() {
            return Optional.empty();
        }

        @Override
        public boolean explains(Throwable failure) {
            return false;
        }
    };

    /** Why the API cannot answer now; empty while it can. Cheap: asked before every API request. */
    Optional<String> current();

    /** Whether {@code failure} of a request is this outage's doing (a retry later will do), not a bug. */
    boolean explains(Throwable failure);

    /**
     * Whether {@code failure} of a request means the dependency is up but saturated (every connection busy): also a
     * 503 with {@code Retry-After}, in words that say so.
     */
    default boolean busy(Throwable failure) {
        return false;
    }

    /** What the 503's {@code Retry-After} says. */
    default Duration retryAfter() {
        return Duration.ofSeconds(2);
    }
}
