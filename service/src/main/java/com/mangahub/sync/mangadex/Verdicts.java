package com.mangahub.sync.mangadex;

import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an answer from MangaDex means: read it, retry it, pause everybody, or fail with the right
 * {@link MangaDexException}. Also tells the breaker whether the attempt speaks for or against MangaDex's health:
 * a 4xx is MangaDex working as designed; a 5xx, a reset, a timeout or a broken body is not.
 */
final class Verdicts {
    private static final Logger log = LoggerFactory.getLogger(Verdicts.class);
    /** MangaDex's temporary IP ban is renewed by every request sent during it, so we stay away for a long time. */
    static final Duration BAN_PAUSE = Duration.ofMinutes(30);

    private final RateGate gate;
    private final Breaker breaker;
    private final Backoff backoff;
    private final JsonBodies json;
    private final Clock clock;

    Verdicts(RateGate gate, Breaker breaker, Backoff backoff, JsonBodies json, Clock clock) {
        this.gate = gate;
        this.breaker = breaker;
        this.backoff = backoff;
        this.json = json;
        this.clock = clock;
    }

    <T> Transport.Verdict<T> of(String endpoint, HttpResponse<byte[]> response, Function<byte[], T> read, int retries) {
        int status = response.statusCode();
        byte[] body = response.body();
        if (status == 429) return rateLimited(endpoint, response, retries);
        if (status == 403 && isHtml(response)) return banned(endpoint);
        if (status >= 500) {
            breaker.failed(new IllegalStateException("HTTP " + status));
            return new Transport.Verdict.Retry<>("status_" + status, backoff.delayBefore(retries + 1),
                    new MangaDexException.Unavailable(endpoint + ": MangaDex answered " + status + " after retries", null));
        }
        if (status >= 400) {
            breaker.succeeded();
            return new Transport.Verdict.Fail<>(clientError(endpoint, status, body));
        }
        if (status < 200 || status >= 300) {
            breaker.failed(new IllegalStateException("HTTP " + status));
            return fail(new MangaDexException.BadResponse(endpoint + ": unexpected status " + status, null));
        }
        return success(endpoint, response, read, retries);
    }

    /** A transport failure: timeouts and I/O errors are retried, a body over the cap is not. */
    <T> Transport.Verdict<T> ofFailure(String endpoint, Throwable cause, int retries) {
        breaker.failed(cause);
        if (cause instanceof CappedBody.TooLarge tooLarge) {
            return fail(new MangaDexException.BadResponse(endpoint + ": " + tooLarge.getMessage(), tooLarge));
        }
        boolean timeout = cause instanceof TimeoutException || cause instanceof HttpTimeoutException;
        return new Transport.Verdict.Retry<>(timeout ? "timeout" : "io_error", backoff.delayBefore(retries + 1),
                new MangaDexException.Unavailable(endpoint + ": " + Transport.describe(cause) + " after retries", cause));
    }

    private <T> Transport.Verdict<T> success(String endpoint, HttpResponse<byte[]> response, Function<byte[], T> read,
                                             int retries) {
        if (response.statusCode() != 204 && response.body().length > 0 && isHtml(response)) {
            breaker.failed(new IllegalStateException("HTML page"));
            return fail(new MangaDexException.BadResponse(endpoint + ": an HTML page instead of JSON (status "
                    + response.statusCode() + ")", null));
        }
        try {
            T value = read.apply(response.statusCode() == 204 ? new byte[0] : response.body());
            breaker.succeeded();
            return new Transport.Verdict.Done<>(value);
        } catch (JsonBodies.Truncated e) {
            breaker.failed(e);
            return new Transport.Verdict.Retry<>("truncated", backoff.delayBefore(retries + 1),
                    new MangaDexException.BadResponse(e.getMessage(), e));
        } catch (MangaDexException.BadResponse e) {
            breaker.failed(e);
            return fail(e);
        }
    }

    private <T> Transport.Verdict<T> rateLimited(String endpoint, HttpResponse<byte[]> response, int retries) {
        breaker.neutral();
        Instant now = clock.instant();
        Instant until = RetryAfter.from(response.headers(), now)
                .orElseGet(() -> now.plus(backoff.delayBefore(retries + 1)));
        gate.closeUntil(until, endpoint + " answered 429");
        return new Transport.Verdict.Retry<>("rate_limited", Duration.ZERO,
                new MangaDexException.RateLimited(endpoint + ": still rate limited after retries (until " + until + ")"));
    }

    private <T> Transport.Verdict<T> banned(String endpoint) {
        breaker.neutral();
        Instant until = clock.instant().plus(BAN_PAUSE);
        log.error("MangaDex answered 403 with an HTML page on {}: this is an IP ban. ALL MangaDex traffic stops until {}."
                + " Check MANGADEX_RATE and whether another program shares this IP.", endpoint, until);
        gate.closeUntil(until, "IP ban (403 HTML)");
        return fail(new MangaDexException.Banned(endpoint + ": MangaDex banned this IP (403 HTML); paused until " + until));
    }

    private MangaDexException clientError(String endpoint, int status, byte[] body) {
        Optional<Wire.Error> error = isHtmlText(body) ? Optional.empty() : json.error(body);
        String code = error.map(Wire.Error::title).orElse("http_" + status);
        String detail = error.map(Wire.Error::detail).orElse("(no MangaDex error body)");
        if (status == 404) return new MangaDexException.NotFound(endpoint + ": " + code + ": " + detail);
        return new MangaDexException.BadRequest(status, code, endpoint + ": " + detail);
    }

    private static boolean isHtml(HttpResponse<byte[]> response) {
        boolean htmlType = response.headers().firstValue("Content-Type").map(t -> t.toLowerCase().contains("html"))
                .orElse(false);
        return htmlType || isHtmlText(response.body());
    }

    /** Protection pages do not always say text/html; JSON never starts with '<'. */
    private static boolean isHtmlText(byte[] body) {
        String head = new String(body, 0, Math.min(body.length, 64), StandardCharsets.UTF_8).stripLeading();
        return head.startsWith("<");
    }

    private static <T> Transport.Verdict<T> fail(MangaDexException e) {
        return new Transport.Verdict.Fail<>(e);
    }
}
