package com.mangahub.sync.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Who reads the primary: a reader for the window after their own write, and only that reader. */
class RecentWritesTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void aReaderReadsThePrimaryForTheWindowAfterTheirWriteAndOthersNever() {
        RecentWrites writes = new RecentWrites(clock, Duration.ofSeconds(12));
        writes.wrote(7);
        assertThat(writes.recent(7)).isTrue();
        assertThat(writes.recent(8)).isFalse();
        clock.advance(Duration.ofSeconds(12));
        assertThat(writes.recent(7)).as("at the window's end").isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(writes.recent(7)).isFalse();
        writes.wrote(7);
        assertThat(writes.recent(7)).as("a new write opens a new window").isTrue();
    }

    @Test
    void withoutAReplicaNothingIsRemembered() {
        RecentWrites none = RecentWrites.none(clock);
        none.wrote(7);
        assertThat(none.recent(7)).isFalse();
    }

    @Test
    void manyWritersAreForgottenOnceTheirWindowHasPassed() {
        RecentWrites writes = new RecentWrites(clock, Duration.ofSeconds(1));
        for (long id = 0; id < 1_000; id++) writes.wrote(id);
        clock.advance(Duration.ofSeconds(2));
        writes.wrote(5_000);
        assertThat(writes.recent(5_000)).isTrue();
        assertThat(writes.remembered()).as("only the reader still in their window").isEqualTo(1);
    }
}
