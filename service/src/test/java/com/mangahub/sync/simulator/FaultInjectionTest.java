package com.mangahub.sync.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {
    static Simulator simulator;
    static SimClient client;

    @BeforeAll
    static void start() {
        simulator = Simulator.start(SimulatorOptions.defaults().withWorldSize(30, 300).withRatePerSecond(0));
        client = new SimClient(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @BeforeEach
    void healthy() {
        simulator.faults(FaultPlan.none());
        simulator.up();
        simulator.resetStats();
    }

    @Test
    void aServerErrorShareOfOneAnswersEveryRequestWithA5xxInMangaDexShape() {
        simulator.faults(FaultPlan.none().withServerErrors(1).withSeed(7));
        HttpResponse<String> response = client.get("/manga?limit=1");
        assertThat(response.statusCode()).isBetween(500, 504);
        assertThat(SimClient.parse(response.body()).at("/result").asText()).isEqualTo("error");
    }

    @Test
    void anHtmlErrorShareAnswers502Or503WithAnHtmlPage() {
        simulator.faults(FaultPlan.none().withHtmlErrors(1));
        HttpResponse<String> response = client.get("/chapter?limit=1");
        assertThat(response.statusCode()).isIn(502, 503);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(response.body()).startsWith("<html>");
    }

    @Test
    void aResetCutsTheConnectionWithoutAnAnswer() {
        simulator.faults(FaultPlan.none().withResets(1));
        assertThatThrownBy(() -> client.get("/manga?limit=1")).isInstanceOf(UncheckedIOException.class);
        // the JDK client retries an idempotent GET once on a dropped connection, so one or two arrive
        await().untilAsserted(() -> assertThat(simulator.stats().count("GET /manga reset")).isBetween(1L, 2L));
    }

    @Test
    void aTruncatedBodyAnnouncesMoreThanItSends() {
        simulator.faults(FaultPlan.none().withTruncatedBodies(1));
        assertThatThrownBy(() -> client.get("/manga?limit=10")).isInstanceOf(UncheckedIOException.class);
        await().untilAsserted(() -> assertThat(simulator.stats().count("GET /manga truncated")).isBetween(1L, 2L));
    }

    @Test
    void aSlowBodyArrivesWholeButLate() {
        simulator.faults(FaultPlan.none().withSlowBodies(1, Duration.ofMillis(500)));
        long start = System.nanoTime();
        HttpResponse<String> response = client.get("/manga?limit=2");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(SimClient.parse(response.body()).get("data")).hasSize(2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
    }

    @Test
    void anEmptyPageIsAnswered204WithNoBodyWhenThatFaultIsOnButAFullPageIsNot() {
        simulator.faults(FaultPlan.none().withEmptyPages(1));
        HttpResponse<String> empty = client.get("/chapter?limit=10&offset=9990");
        assertThat(empty.statusCode()).isEqualTo(204);
        assertThat(empty.body()).isEmpty();
        assertThat(client.get("/chapter?limit=10").statusCode()).isEqualTo(200);
    }

    @Test
    void aDownSimulatorCutsEveryConnectionUntilItIsUpAgain() {
        simulator.down();
        assertThatThrownBy(() -> client.get("/manga?limit=1")).isInstanceOf(UncheckedIOException.class);
        simulator.up();
        assertThat(client.get("/manga?limit=1").statusCode()).isEqualTo(200);
    }

    @Test
    void aSharedPlanBreaksAboutItsShareOfRequests() {
        simulator.faults(FaultPlan.none().withServerErrors(0.3).withSeed(11));
        int errors = 0;
        for (int i = 0; i < 100; i++) if (client.get("/manga?limit=1").statusCode() >= 500) errors++;
        assertThat(errors).isBetween(15, 45);
    }
}
