package com.mangahub.sync.simulator;

import com.mangahub.sync.support.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Acceptance 3: MangaDex's per-IP limit, 429 with its headers, then the HTML 403 ban for persisting. */
class RateLimitTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T12:00:00.250Z"));
    private Simulator simulator;

    @AfterEach
    void stop() {
        if (simulator != null) simulator.close();
    }

    private SimClient start(int rate) {
        simulator = Simulator.start(SimulatorOptions.defaults().withWorldSize(20, 100).withClock(clock)
                .withRatePerSecond(rate).withBan(Duration.ofSeconds(5), Duration.ofSeconds(30)));
        return new SimClient(simulator);
    }

    @Test
    void aBurstOfFiftyInOneSecondGetsExactlyTheConfiguredNumberOf200sAnd429sForTheRest() {
        SimClient client = start(5);
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 50; i++) responses.add(client.get("/chapter?limit=1"));

        assertThat(responses.stream().filter(r -> r.statusCode() == 200)).hasSize(5);
        assertThat(responses.stream().filter(r -> r.statusCode() == 429)).hasSize(45);
        HttpResponse<String> limited = responses.get(5);
        long retryAt = Long.parseLong(limited.headers().firstValue("X-RateLimit-Retry-After").orElseThrow());
        assertThat(retryAt).isGreaterThan(clock.instant().getEpochSecond());
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(limited.headers().firstValue("X-RateLimit-Limit")).contains("5");
        assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).contains("0");
        assertThat(SimClient.parse(limited.body()).at("/errors/0/status").asInt()).isEqualTo(429);
        assertThat(simulator.stats().tooManyRequests()).isEqualTo(45);
        assertThat(simulator.stats().count("GET /chapter 200")).isEqualTo(5);
    }

    @Test
    void anAcceptedAnswerCarriesTheRateLimitHeaders() {
        SimClient client = start(5);
        HttpResponse<String> first = client.get("/manga?limit=1");
        assertThat(first.headers().firstValue("X-RateLimit-Limit")).contains("5");
        assertThat(first.headers().firstValue("X-RateLimit-Remaining")).contains("4");
    }

    @Test
    void theWindowReopensOnceTheRetryAfterMomentHasPassed() {
        SimClient client = start(5);
        for (int i = 0; i < 6; i++) client.get("/chapter?limit=1");
        long retryAt = Long.parseLong(client.get("/chapter?limit=1").headers().firstValue("X-RateLimit-Retry-After").orElseThrow());
        clock.set(Instant.ofEpochSecond(retryAt));
        assertThat(client.get("/chapter?limit=1").statusCode()).isEqualTo(200);
    }

    @Test
    void aClientThatKeepsGoingWhileLimitedEarnsTheHtml403BanWhichEveryRequestRenews() {
        SimClient client = start(5);
        HttpResponse<String> last = null;
        for (int step = 0; step <= 12 && (last == null || last.statusCode() != 403); step++) {
            for (int i = 0; i < 10; i++) last = client.get("/chapter?limit=1");
            clock.advance(Duration.ofMillis(500));
        }
        assertThat(last.statusCode()).isEqualTo(403);
        assertThat(last.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(last.body()).contains("<html");
        assertThat(simulator.stats().bans()).isGreaterThanOrEqualTo(1);

        clock.advance(Duration.ofSeconds(29));
        assertThat(client.get("/chapter?limit=1").statusCode()).as("renewed by the request above").isEqualTo(403);
        clock.advance(Duration.ofSeconds(31));
        assertThat(client.get("/chapter?limit=1").statusCode()).isEqualTo(200);
    }

    @Test
    void aClientThatPausesUntilRetryAfterIsNeverBanned() {
        SimClient client = start(5);
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 7; i++) assertThat(client.get("/chapter?limit=1").statusCode()).isIn(200, 429);
            clock.advance(Duration.ofSeconds(2));
        }
        assertThat(simulator.stats().bans()).isZero();
    }

    @Test
    void aForcedRateLimitAnswersEveryRequest429UntilTheGivenMoment() {
        SimClient client = start(0);
        Instant until = clock.instant().plusSeconds(30);
        simulator.forceRateLimited(until);
        HttpResponse<String> response = client.get("/manga?limit=1");
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("X-RateLimit-Retry-After")).contains(Long.toString(until.getEpochSecond() + 1));
        assertThat(response.headers().firstValue("Retry-After")).contains("31");
        clock.advance(Duration.ofSeconds(31));
        assertThat(client.get("/manga?limit=1").statusCode()).isEqualTo(200);
    }

    @Test
    void theBusiestSecondIsMeasuredPerClientByRealArrivalTime() {
        SimClient client = start(0);
        for (int i = 0; i < 7; i++) client.get("/manga?limit=1");
        assertThat(simulator.stats().maxRequestsInAnySecond()).isEqualTo(7);
        simulator.resetStats();
        assertThat(simulator.stats().maxRequestsInAnySecond()).isZero();
        assertThat(simulator.stats().totalRequests()).isZero();
    }
}
