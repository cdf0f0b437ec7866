package com.mangahub.sync.mangadex;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private static HttpHeaders headers(String name, String value) {
        return HttpHeaders.of(Map.of(name, List.of(value)), (a, b) -> true);
    }

    @Test
    void xRateLimitRetryAfterIsAUnixTimestampInSeconds() {
        assertThat(RetryAfter.from(headers("X-RateLimit-Retry-After", Long.toString(NOW.getEpochSecond() + 7)), NOW))
                .contains(NOW.plusSeconds(7));
    }

    @Test
    void retryAfterInSecondsCountsFromNow() {
        assertThat(RetryAfter.from(headers("Retry-After", "42"), NOW)).contains(NOW.plusSeconds(42));
    }

    @Test
    void retryAfterAsAnHttpDateIsThatInstant() {
        assertThat(RetryAfter.from(headers("Retry-After", "Thu, 01 Jan 2026 12:01:30 GMT"), NOW))
                .contains(NOW.plusSeconds(90));
    }

    @Test
    void anyAnnouncedPauseIsCappedAtFifteenMinutes() {
        assertThat(RetryAfter.from(headers("Retry-After", "86400"), NOW)).contains(NOW.plus(RetryAfter.CAP));
        assertThat(RetryAfter.from(headers("X-RateLimit-Retry-After", "99999999999"), NOW)).contains(NOW.plus(RetryAfter.CAP));
    }

    @Test
    void unreadableOrMissingHeadersGiveNothing() {
        assertThat(RetryAfter.from(headers("Retry-After", "soon"), NOW)).isEmpty();
        assertThat(RetryAfter.from(HttpHeaders.of(Map.of(), (a, b) -> true), NOW)).isEmpty();
    }
}
