package com.mangahub.sync.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 4: a 10,000-manga / 200,000-chapter world generates in under 10 s, and {@code GET /chapter?limit=100}
 * answers in under 20 ms median, with and without a time cursor. Prints the figures.
 * Run: {@code ./mvnw -B -o -Pbenchmark test -Dtest=SimulatorBenchmark}
 */
@Tag("benchmark")
class SimulatorBenchmark {
    private static final int ROUNDS = 200;

    @Test
    void generatesTheFullWorldFastAndServesChapterPagesFast() {
        long begin = System.nanoTime();
        World world = World.generate(42, 10_000, 200_000, java.time.Clock.systemUTC());
        double generateSeconds = (System.nanoTime() - begin) / 1e9;
        System.out.printf("world: %d manga, %d chapters generated in %.2f s (goal < 10 s, ratio %.2f)%n",
                world.mangaCount(), world.chapterCount(), generateSeconds, generateSeconds / 10);

        try (Simulator simulator = Simulator.start(SimulatorOptions.defaults().withWorldSize(10_000, 200_000).withRatePerSecond(0))) {
            SimClient client = new SimClient(simulator);
            String cursor = Timestamps.format(Instant.now().minus(java.time.Duration.ofDays(30))).substring(0, 19);
            String[] queries = {
                "/chapter?limit=100",
                "/chapter?limit=100&order[createdAt]=asc&createdAtSince=2019-01-01T00:00:00",
                "/chapter?limit=100&order[updatedAt]=asc&updatedAtSince=" + cursor + "&translatedLanguage[]=en",
                "/chapter?limit=100&order[publishAt]=desc&includes[]=manga&includes[]=scanlation_group",
            };
            for (String query : queries) {
                double median = medianMillis(client, query);
                System.out.printf("GET %s: median %.2f ms over %d requests (goal < 20 ms, ratio %.2f)%n",
                        query, median, ROUNDS, median / 20);
            }
        }
        assertThat(generateSeconds).isPositive();
    }

    private static double medianMillis(SimClient client, String query) {
        for (int i = 0; i < 20; i++) client.get(query); // warm-up: JIT and connection
        double[] millis = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = client.get(query);
            millis[i] = (System.nanoTime() - start) / 1e6;
            if (response.statusCode() != 200) throw new AssertionError(query + " -> " + response.statusCode() + " " + response.body());
        }
        Arrays.sort(millis);
        return millis[ROUNDS / 2];
    }
}
