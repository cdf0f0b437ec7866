package com.mangahub.sync.mangadex;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * When a 429 says we may send again. MangaDex documents {@code X-RateLimit-Retry-After} (UNIX seconds); a standard
 * {@code Retry-After} may come instead, as seconds or as an HTTP date (RFC 9110). Whatever they say is capped, so a
 * broken header cannot stop the service for a day.
 */
final class RetryAfter {
    static final Duration CAP = Duration.ofMinutes(15);

    private RetryAfter() {}

    /** The instant named by the headers, at most {@link #CAP} after {@code now}; empty when neither is usable. */
    static Optional<Instant> from(HttpHeaders headers, Instant now) {
        Optional<Instant> named = headers.firstValue("X-RateLimit-Retry-After").flatMap(RetryAfter::unixSeconds)
                .or(() -> headers.firstValue("Retry-After").flatMap(v -> standard(v, now)));
        return named.map(until -> until.isAfter(now.plus(CAP)) ? now.plus(CAP) : until);
    }

    private static Optional<Instant> unixSeconds(String value) {
        try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(value.strip())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> standard(String value, Instant now) {
        String v = value.strip();
        if (v.matches("\\d{1,9}")) return Optional.of(now.plusSeconds(Long.parseLong(v)));
        try {
            return Optional.of(ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
