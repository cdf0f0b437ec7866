package com.mangahub.sync.mangadex;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit breaker around MangaDex (resilience4j): opens after 10 consecutive failed attempts, lets a probe
 * through after 5 minutes, closes after 3 successful probes. One failed probe reopens it at once: a count-based
 * window with a 100% threshold gives "10 in a row" for opening, and the explicit reopen gives "3 in a row" for closing.
 */
final class Breaker {
    private static final Logger log = LoggerFactory.getLogger(Breaker.class);
    static final int FAILURES_TO_OPEN = 10;
    static final Duration OPEN_WAIT = Duration.ofMinutes(5);
    static final int SUCCESSES_TO_CLOSE = 3;

    private final CircuitBreaker breaker;

    Breaker(Clock clock, MeterRegistry registry) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(FAILURES_TO_OPEN)
                .minimumNumberOfCalls(FAILURES_TO_OPEN)
                .failureRateThreshold(100)
                .waitDurationInOpenState(OPEN_WAIT)
                .permittedNumberOfCallsInHalfOpenState(SUCCESSES_TO_CLOSE)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .clock(clock)
                .build();
        this.breaker = CircuitBreaker.of("mangadex", config);
        breaker.getEventPublisher().onStateTransition(e -> log.warn("MangaDex circuit breaker: {}", e.getStateTransition()));
        Gauge.builder("mangadex.circuit.breaker.state", this, b -> b.state().ordinal())
                .description("MangaDex circuit breaker state: 0 closed, 1 open, 2 half-open")
                .register(registry);
    }

    /** Fails fast with {@link MangaDexException.Unavailable} while the breaker is open. */
    void enter() {
        if (!breaker.tryAcquirePermission()) {
            throw new MangaDexException.Unavailable("MangaDex circuit breaker is open (too many consecutive failures)", null);
        }
    }

    void succeeded() {
        breaker.onSuccess(0, TimeUnit.NANOSECONDS);
    }

    void failed(Throwable cause) {
        boolean probing = breaker.getState() == CircuitBreaker.State.HALF_OPEN;
        breaker.onError(0, TimeUnit.NANOSECONDS, cause);
        if (probing && breaker.getState() == CircuitBreaker.State.HALF_OPEN) breaker.transitionToOpenState();
    }

    /** An attempt that says nothing about MangaDex's health (rate limited, given up): frees its permission. */
    void neutral() {
        breaker.releasePermission();
    }

    State state() {
        return switch (breaker.getState()) {
            case OPEN, FORCED_OPEN -> State.OPEN;
            case HALF_OPEN -> State.HALF_OPEN;
            default -> State.CLOSED;
        };
    }

    /** What /health and the metrics show. */
    enum State { CLOSED, OPEN, HALF_OPEN }
}
