package com.mangahub.sync.mangadex;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The causal bound: a request counts from its grant until a second after its answer. */
class SecondWindowTest {
    private final SettableClock time = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SecondWindow window = new SecondWindow(4, time, time::sleep);

    @Test
    void aFifthRequestWaitsUntilASecondHasPassedSinceTheFirstAnswer() throws Exception {
        for (int i = 0; i < 4; i++) {
            window.enter();
            time.advance(Duration.ofMillis(100));
            window.answered();
        }
        Instant firstAnswer = Instant.parse("2026-01-01T00:00:00.100Z");
        window.enter();
        assertThat(time.instant()).isEqualTo(firstAnswer.plusSeconds(1));
    }

    @Test
    void slowRequestsStillUnderWayHoldTheirSlots() throws Exception {
        for (int i = 0; i < 4; i++) window.enter();
        Thread answering = Thread.ofPlatform().start(() -> {
            time.advance(Duration.ofSeconds(3));
            window.answered();
        });
        window.enter();
        answering.join();
        assertThat(time.instant()).isAfterOrEqualTo(Instant.parse("2026-01-01T00:00:04Z"));
    }
}
