package com.mangahub.sync.mangadex;

import com.mangahub.sync.App;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangahub.sync.support.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Transient faults, client errors, 429s and bans against a scripted server, on virtual time. */
class MangaDexFaultsTest {
    static final String PAGE = Fixtures.text(Fixtures.CHAPTER_LIST);
    private final SettableClock time = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicInteger served = new AtomicInteger();
    private ScriptedServer server;
    private MangaDexClient client;

    /** Answers the scripted failures in order, then the real chapter page forever. */
    private MangaDexClient failingFirst(ScriptedServer.Reply... failures) {
        server = ScriptedServer.start(time, r -> {
            int n = served.getAndIncrement();
            return n < failures.length ? failures[n] : ScriptedServer.json(PAGE);
        });
        client = new MangaDexClient(Fixtures.config(server.baseUri(), 4), registry, App.jsonMapper(), time, time::sleep);
        return client;
    }

    @AfterEach
    void everyRequestMatchedTheOfficialSpec() {
        client.close();
        server.close();
        assertThat(ContractCheck.violations(server.requests())).isEmpty();
    }

    static ChapterQuery chapters() {
        return ChapterQuery.updatedSince(Instant.parse("2025-12-31T00:00:00Z"), List.of("en"), 0, 100);
    }

    static ScriptedServer.Reply status(int code) {
        return ScriptedServer.json(code, "{\"result\":\"error\",\"errors\":[{\"id\":\"x\",\"status\":" + code
                + ",\"title\":\"some_exception\",\"detail\":\"boom\"}]}");
    }

    static ScriptedServer.Reply html(int code) {
        return new ScriptedServer.Reply.Body(code, "text/html", "<html><body>Access denied</body></html>".getBytes(), Map.of());
    }

    @Test
    void serverErrorsAreRetriedWithGrowingPausesUntilAnAnswerComes() {
        Instant start = time.instant();
        var page = failingFirst(status(500), status(502), status(503)).listChapters(chapters());
        assertThat(page.items()).hasSize(100);
        assertThat(server.requests()).hasSize(4);
        assertThat(Duration.between(start, time.instant())).isBetween(Duration.ofMillis(5600), Duration.ofMillis(9000));
        assertThat(registry.find("mangadex.api.retries").counters().stream().mapToDouble(c -> c.count()).sum()).isEqualTo(3.0);
    }

    @Test
    void serverErrorsOutlastingFiveRetriesBecomeUnavailable() {
        var errors = java.util.Collections.nCopies(10, status(500)).toArray(ScriptedServer.Reply[]::new);
        assertThatThrownBy(() -> failingFirst(errors).listChapters(chapters()))
                .isInstanceOf(MangaDexException.Unavailable.class).hasMessageContaining("500");
        assertThat(server.requests()).hasSize(6);
    }

    @Test
    void resetConnectionsAreRetried() {
        var page = failingFirst(new ScriptedServer.Reply.Reset(), new ScriptedServer.Reply.Reset()).listChapters(chapters());
        assertThat(page.items()).hasSize(100);
        assertThat(server.requests()).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void aBodyCutShortIsRetried() {
        var truncated = ScriptedServer.json(PAGE.substring(0, PAGE.length() / 2));
        assertThat(failingFirst(truncated).listChapters(chapters()).items()).hasSize(100);
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void aBadRequestIsNeverRetriedAndCarriesMangaDexsCodeAndDetail() {
        var badRequest = ScriptedServer.json(400, "{\"result\":\"error\",\"errors\":[{\"id\":\"x\",\"status\":400,"
                + "\"title\":\"bad_request_http_exception\",\"detail\":\"Result window is too large\"}]}");
        assertThatThrownBy(() -> failingFirst(badRequest).listChapters(chapters()))
                .isInstanceOfSatisfying(MangaDexException.BadRequest.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("bad_request_http_exception");
                    assertThat(e.getMessage()).contains("Result window is too large");
                });
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aMissingSeriesIsEmptyAndOtherMissingThingsAreNotFound() {
        var notFound = ScriptedServer.json(404, Fixtures.text(Fixtures.ERROR_404));
        assertThat(failingFirst(notFound, notFound).manga(UUID.randomUUID())).isEmpty();
        assertThatThrownBy(() -> client.aggregate(UUID.randomUUID(), List.of("en")))
                .isInstanceOf(MangaDexException.NotFound.class).hasMessageContaining("not_found_http_exception");
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void a429WithoutHeadersPausesEveryoneWithBackoff() {
        Instant start = time.instant();
        failingFirst(status(429)).listChapters(chapters());
        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(1).arrivedAt()).isAfterOrEqualTo(start.plusMillis(800));
    }

    @Test
    void a429OutlastingEveryRetryIsRateLimited() {
        var limited = java.util.Collections.nCopies(10, status(429)).toArray(ScriptedServer.Reply[]::new);
        assertThatThrownBy(() -> failingFirst(limited).listChapters(chapters()))
                .isInstanceOf(MangaDexException.RateLimited.class);
        assertThat(server.requests()).hasSize(6);
    }

    @Test
    void anHtml403IsABanThatStopsAllTrafficForLong() {
        Instant start = time.instant();
        assertThatThrownBy(() -> failingFirst(html(403)).listChapters(chapters()))
                .isInstanceOf(MangaDexException.Banned.class);
        client.listChapters(chapters());
        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(1).arrivedAt()).isAfterOrEqualTo(start.plus(Verdicts.BAN_PAUSE));
    }

    @Test
    void aJson403IsABadRequestNotABan() {
        assertThatThrownBy(() -> failingFirst(status(403)).listChapters(chapters()))
                .isInstanceOfSatisfying(MangaDexException.BadRequest.class, e -> assertThat(e.status()).isEqualTo(403));
    }

    @Test
    void requestsAreCountedByEndpointAndStatus() {
        failingFirst(status(503)).listChapters(chapters());
        assertThat(registry.get("mangadex.api.requests").tags("endpoint", "/chapter", "status_code", "503").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("mangadex.api.requests").tags("endpoint", "/chapter", "status_code", "200").counter().count())
                .isEqualTo(1.0);
    }
}
