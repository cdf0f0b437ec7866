package com.mangahub.sync.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP edge during an outage, on a real server: API routes answer a JSON 503 with Retry-After at once (before
 * their handler runs), a request that fails because of the outage answers the same 503 instead of a 500, /health
 * answers within its deadline even when a check hangs, and a hung check is not started again while it still runs.
 */
class OutageAndHealthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicBoolean out = new AtomicBoolean();
    private final AtomicInteger handled = new AtomicInteger();
    private final AtomicInteger hungRuns = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    /** What the outage's failures look like to the edge (the store's DatabaseUnavailableException in the service). */
    static final class Gone extends RuntimeException {
        Gone() {
            super("connection to 127.0.0.1:5432 lost");
        }
    }

    /** A saturated pool, as the edge sees it (the store's DatabaseBusyException in the service). */
    static final class Saturated extends RuntimeException {
        Saturated() {
            super("no database connection was free within 5 s (all 10 in use)");
        }
    }

    private final Outage outage = new Outage() {
        @Override
        public Optional<String> current() {
            return out.get() ? Optional.of("the database is unavailable; try again in 2 s") : Optional.empty();
        }

        @Override
        public boolean explains(Throwable failure) {
            return failure instanceof Gone;
        }

        @Override
        public boolean busy(Throwable failure) {
            return failure instanceof Saturated;
        }
    };

    @BeforeEach
    void start() {
        List<HealthCheck> checks = List.of(
                new HealthCheck("quick", () -> HealthCheck.Result.up(Map.of())),
                new HealthCheck("hung", () -> {
                    hungRuns.incrementAndGet();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return HealthCheck.Result.up(Map.of());
                }));
        Routes routes = app -> {
            app.get("/api/thing", ctx -> {
                handled.incrementAndGet();
                ctx.json(Map.of("ok", true));
            });
            app.get("/api/lost", ctx -> {
                throw new Gone();
            });
            app.get("/api/busy", ctx -> {
                throw new Saturated();
            });
            app.get("/api/bug", ctx -> {
                throw new IllegalStateException("a bug");
            });
        };
        server = new HttpServer(new ObjectMapper(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), checks,
                List.of(routes), outage).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.close();
    }

    @Test
    void whileOutApiRoutesAnswerAJson503WithRetryAfterWithoutRunningTheirHandler() throws Exception {
        assertThat(get("/api/thing").statusCode()).isEqualTo(200);
        out.set(true);

        HttpResponse<String> r = get("/api/thing");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).contains("2");
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("error").asText()).isEqualTo("unavailable");
        assertThat(body.path("message").asText()).contains("database is unavailable");
        assertThat(handled.get()).as("the handler never ran during the outage").isEqualTo(1);
        assertThat(get("/metrics").statusCode()).as("metrics still answer").isEqualTo(200);
    }

    @Test
    void aRequestThatFailsBecauseOfTheOutageIs503AndNamesNoHostWhileABugStays500() throws Exception {
        HttpResponse<String> lost = get("/api/lost");
        assertThat(lost.statusCode()).isEqualTo(503);
        assertThat(lost.headers().firstValue("Retry-After")).isPresent();
        assertThat(lost.body()).contains("\"error\":\"unavailable\"").doesNotContain("5432");

        HttpResponse<String> bug = get("/api/bug");
        assertThat(bug.statusCode()).isEqualTo(500);
        assertThat(bug.headers().firstValue("Retry-After")).isEmpty();
    }

    @Test
    void aRequestThatFoundEveryConnectionBusyIsA503ThatSaysSoNotA500() throws Exception {
        HttpResponse<String> busy = get("/api/busy");

        assertThat(busy.statusCode()).isEqualTo(503);
        assertThat(busy.headers().firstValue("Retry-After")).contains("1");
        JsonNode body = JSON.readTree(busy.body());
        assertThat(body.path("error").asText()).isEqualTo("busy");
        assertThat(body.path("message").asText()).contains("busy").doesNotContain("all 10");
    }

    @Test
    void healthAnswersWithinItsDeadlineWhenACheckHangsAndDoesNotPileUpRuns() throws Exception {
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = get("/health");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            // without the deadline this would never answer (the check never returns); the figure under load is
            // DatabaseCrashIT's, so the bound here leaves room for a cold JVM on a busy machine
            assertThat(took).isLessThan(Duration.ofSeconds(3));
            assertThat(r.statusCode()).isEqualTo(503);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.path("status").asText()).isEqualTo("DOWN");
            assertThat(body.path("components").path("quick").path("status").asText()).isEqualTo("UP");
            assertThat(body.path("components").path("hung").path("error").asText()).startsWith("no answer within");
        }
        assertThat(hungRuns.get()).as("one run of the hung check, however often /health is asked").isEqualTo(1);

        release.countDown();
        // the run that was under way ends; the next request starts a new one and sees it up
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> get("/health").statusCode() == 200);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
