package com.mangahub.sync.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LiveModeTest {

    @Test
    void aLiveSimulatorKeepsPublishingByItselfAsRealTimePasses() {
        try (Simulator simulator = Simulator.start(SimulatorOptions.defaults().withWorldSize(20, 100).withLive(600, 60))) {
            int chapters = simulator.world().chapterCount();
            int manga = simulator.world().mangaCount();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(simulator.world().chapterCount()).isGreaterThan(chapters + 5);
                assertThat(simulator.world().mangaCount()).isGreaterThan(manga);
            });
        }
    }

    @Test
    void withoutLiveModeTheWorldOnlyChangesWhenTold() {
        try (Simulator simulator = Simulator.start(SimulatorOptions.defaults().withWorldSize(20, 100))) {
            simulator.world().runOnce();
            assertThat(simulator.world().chapterCount()).isEqualTo(100);
            assertThat(simulator.world().mangaCount()).isEqualTo(20);
        }
    }
}
