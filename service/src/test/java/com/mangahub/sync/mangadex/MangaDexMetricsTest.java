package com.mangahub.sync.mangadex;

import com.mangahub.sync.App;
import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.support.SettableClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The names operators see on /metrics (Prometheus), as the issue spells them. */
class MangaDexMetricsTest {
    private final SettableClock time = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void requestsWaitsRetriesAndBreakerStateAppearUnderTheirPrometheusNames() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        try (ScriptedServer server = ScriptedServer.start(time, r -> n.getAndIncrement() == 0
                ? MangaDexFaultsTest.status(503) : ScriptedServer.json(MangaDexFaultsTest.PAGE));
             MangaDexClient client = new MangaDexClient(Fixtures.config(server.baseUri(), 4), registry,
                     App.jsonMapper(), time, time::sleep)) {
            client.listChapters(MangaDexFaultsTest.chapters());
            assertThat(ContractCheck.violations(server.requests())).isEmpty();
        }
        String scrape = registry.scrape();
        assertThat(scrape).contains("mangadex_api_requests_total{endpoint=\"/chapter\",status_code=\"503\"} 1.0")
                .contains("mangadex_api_requests_total{endpoint=\"/chapter\",status_code=\"200\"} 1.0")
                .contains("mangadex_rate_limit_wait_seconds_count 2")
                .contains("mangadex_api_retries_total{endpoint=\"/chapter\",reason=\"status_503\"} 1.0")
                .contains("mangadex_circuit_breaker_state 0.0");
    }
}
