package com.mangahub.sync.notify.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Reads a receiver's answer into an {@link Outcome}. A 429 (or a 503 with Retry-After) waits exactly as long as the
 * receiver asks: Discord's JSON {@code retry_after} (seconds, fractional) first, else {@code Retry-After} (seconds or
 * an HTTP date), capped at an hour so a hostile receiver cannot park a delivery forever. A success whose
 * {@code X-RateLimit-Remaining} is 0 holds the channel for {@code X-RateLimit-Reset-After} (Discord's bucket).
 */
final class Verdicts {
    static final Duration MAX_WAIT = Duration.ofHours(1);
    private final ObjectMapper json;
    private final Clock clock;

    Verdicts(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    Outcome of(int status, HttpHeaders headers, byte[] body) {
        if (status >= 200 && status < 300) return new Outcome.Delivered(status, rateLimitHold(headers));
        String error = "HTTP " + status;
        if (status == 404 || status == 410) return new Outcome.Gone(status, "the receiver says the target is gone (" + error + ")");
        if (status == 401 || status == 403) return new Outcome.Gone(status, "the receiver refused our credentials (" + error + ")");
        if (status == 429 || status == 503) return new Outcome.Retry(status, error, retryAfter(headers, body));
        return new Outcome.Retry(status, error, Optional.empty());
    }

    private Optional<Duration> retryAfter(HttpHeaders headers, byte[] body) {
        Optional<Duration> fromBody = bodyRetryAfter(body);
        if (fromBody.isPresent()) return fromBody;
        return headers.firstValue("retry-after").flatMap(this::headerDuration).map(Verdicts::capped);
    }

    private Optional<Duration> bodyRetryAfter(byte[] body) {
        if (body.length == 0 || body[0] != '{') return Optional.empty();
        try {
            JsonNode node = json.readTree(body);
            JsonNode v = node.get("retry_after");
            if (v == null || !v.isNumber() || v.asDouble() < 0) return Optional.empty();
            return Optional.of(capped(Duration.ofNanos(Math.round(v.asDouble() * 1_000_000_000d))));
        } catch (java.io.IOException notJson) {
            return Optional.empty();
        }
    }

    private Optional<Duration> headerDuration(String value) {
        String v = value.strip();
        try {
            double seconds = Double.parseDouble(v);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(Math.round(seconds * 1_000_000_000d)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (java.time.format.DateTimeParseException neither) {
                return Optional.empty();
            }
        }
    }

    private Optional<Duration> rateLimitHold(HttpHeaders headers) {
        if (!headers.firstValue("x-ratelimit-remaining").map(String::strip).filter("0"::equals).isPresent()) {
            return Optional.empty();
        }
        return headers.firstValue("x-ratelimit-reset-after").flatMap(this::headerDuration).map(Verdicts::capped);
    }

    private static Duration capped(Duration d) {
        return d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d;
    }
}
