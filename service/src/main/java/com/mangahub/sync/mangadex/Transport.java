package com.mangahub.sync.mangadex;

import com.mangahub.sync.time.Sleeper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Sends one logical GET to MangaDex: through the circuit breaker and the rate gate, with a bounded body, and
 * retried with backoff while the failure is transient. {@link Verdicts} decides what each answer means.
 */
final class Transport {
    private final HttpClient http;
    private final RequestHeaders headers;
    private final Duration requestTimeout;
    private final long maxBodyBytes;
    private final RateGate gate;
    private final Breaker breaker;
    private final Backoff backoff;
    private final Verdicts verdicts;
    private final Sleeper sleeper;
    private final MeterRegistry registry;

    Transport(HttpClient http, RequestHeaders headers, Duration requestTimeout, long maxBodyBytes, RateGate gate,
              Breaker breaker, Backoff backoff, JsonBodies json, Clock clock, Sleeper sleeper, MeterRegistry registry) {
        this.http = http;
        this.headers = headers;
        this.requestTimeout = requestTimeout;
        this.maxBodyBytes = maxBodyBytes;
        this.gate = gate;
        this.breaker = breaker;
        this.backoff = backoff;
        this.verdicts = new Verdicts(gate, breaker, backoff, json, clock);
        this.sleeper = sleeper;
        this.registry = registry;
    }

    /** GETs {@code uri} and reads a successful answer (an empty body for 204) with {@code read}. */
    <T> T get(String endpoint, URI uri, Function<byte[], T> read) {
        return send(endpoint, uri, b -> b.GET(), read);
    }

    /**
     * Sends one logical request built by {@code request} on top of the standard headers (a reader's bearer token, a
     * POST body): the same gate, breaker and retries as every GET.
     */
    <T> T send(String endpoint, URI uri, java.util.function.UnaryOperator<HttpRequest.Builder> request,
               Function<byte[], T> read) {
        for (int retries = 0; ; retries++) {
            Verdict<T> verdict = attempt(endpoint, uri, request, read, retries);
            switch (verdict) {
                case Verdict.Done<T> done -> {
                    return done.value();
                }
                case Verdict.Fail<T> fail -> throw fail.error();
                case Verdict.Retry<T> retry -> {
                    if (!backoff.mayRetry(retries)) throw retry.giveUp();
                    retryCounter(endpoint, retry.reason()).increment();
                    pause(retry.pause());
                }
            }
        }
    }

    private <T> Verdict<T> attempt(String endpoint, URI uri, java.util.function.UnaryOperator<HttpRequest.Builder> build,
                                   Function<byte[], T> read, int retries) {
        breaker.enter();
        HttpRequest request = build.apply(headers.apply(HttpRequest.newBuilder(uri).timeout(requestTimeout))).build();
        RateGate.Permit permit;
        try {
            permit = gate.acquire();
        } catch (RuntimeException e) {
            breaker.neutral();
            throw e;
        }
        try (permit) {
            return exchange(endpoint, request, read, retries);
        }
    }

    private <T> Verdict<T> exchange(String endpoint, HttpRequest request, Function<byte[], T> read, int retries) {
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(request, CappedBody.handler(maxBodyBytes));
        try {
            // The request timeout only covers the headers; this bounds the body too (a trickling answer).
            HttpResponse<byte[]> response = future.get(requestTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
            count(endpoint, Integer.toString(response.statusCode()));
            return verdicts.of(endpoint, response, read, retries);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            count(endpoint, cause instanceof CappedBody.TooLarge ? "too_large" : "io_error");
            return verdicts.ofFailure(endpoint, cause, retries);
        } catch (TimeoutException e) {
            future.cancel(true);
            count(endpoint, "timeout");
            return verdicts.ofFailure(endpoint, e, retries);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            breaker.neutral();
            return new Verdict.Fail<>(new MangaDexException.Unavailable("interrupted while calling MangaDex", e));
        }
    }

    private void pause(Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MangaDexException.Unavailable("interrupted while backing off from MangaDex", e);
        }
    }

    private void count(String endpoint, String status) {
        Counter.builder("mangadex.api.requests").description("HTTP requests sent to MangaDex")
                .tag("endpoint", endpoint).tag("status_code", status).register(registry).increment();
    }

    private Counter retryCounter(String endpoint, String reason) {
        return Counter.builder("mangadex.api.retries").description("MangaDex requests retried after a transient failure")
                .tag("endpoint", endpoint).tag("reason", reason).register(registry);
    }

    /** The outcome of one attempt. {@code Retry.pause} is zero when the rate gate already does the waiting. */
    sealed interface Verdict<T> {
        record Done<T>(T value) implements Verdict<T> {}

        record Fail<T>(MangaDexException error) implements Verdict<T> {}

        record Retry<T>(String reason, Duration pause, MangaDexException giveUp) implements Verdict<T> {}
    }

    /** An I/O failure that the JDK client reports with no usable message. */
    static String describe(Throwable cause) {
        String message = cause.getMessage();
        String kind = cause instanceof IOException ? "I/O error" : cause.getClass().getSimpleName();
        return message == null || message.isBlank() ? kind + " " + cause.getClass().getSimpleName() : kind + ": " + message;
    }
}
