package com.mangahub.sync.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The supervisor's decisions on virtual time, with a stand-in server and probe (EmbeddedRestartTest kills a real one). */
class DatabaseSupervisorTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final DatabaseAvailability availability = new DatabaseAvailability(clock);
    private final List<Instant> starts = new ArrayList<>();
    private boolean alive = true;
    private int startFailures;
    private boolean answers = true;
    private int recovered;

    private final DatabaseSupervisor.Server server = new DatabaseSupervisor.Server() {
        @Override
        public boolean alive() {
            return alive;
        }

        @Override
        public void restart() {
            starts.add(clock.instant());
            if (startFailures > 0) {
                startFailures--;
                throw new StoreException("lock file already exists");
            }
            alive = true;
        }
    };

    private DatabaseSupervisor supervisor(Optional<DatabaseSupervisor.Server> s) {
        return new DatabaseSupervisor(s, () -> answers, availability, clock, () -> recovered++);
    }

    @Test
    void aDeadServerIsMarkedDownRestartedAndMarkedUpInOneRound() {
        DatabaseSupervisor supervisor = supervisor(Optional.of(server));
        supervisor.runOnce();
        assertThat(starts).as("nothing to do while it runs").isEmpty();

        alive = false;
        supervisor.runOnce();

        assertThat(starts).hasSize(1);
        assertThat(supervisor.restarts()).isEqualTo(1);
        assertThat(availability.up()).isTrue();
        assertThat(availability.state().outages()).isEqualTo(1);
        assertThat(recovered).as("stale pool connections evicted").isEqualTo(1);
    }

    @Test
    void failedStartsAreRetriedAfterAGrowingPauseAndTheOutageLastsUntilTheProbeAnswers() {
        DatabaseSupervisor supervisor = supervisor(Optional.of(server));
        alive = false;
        startFailures = 3;
        Instant died = clock.instant();
        // a round every half second for 20 s of virtual time
        for (int i = 0; i < 40; i++) {
            supervisor.runOnce();
            if (i == 0) assertThat(availability.up()).isFalse();
            clock.advance(Duration.ofMillis(500));
        }
        assertThat(starts).containsExactly(died, died.plusSeconds(1), died.plusSeconds(3), died.plusSeconds(7));
        assertThat(availability.up()).isTrue();
        assertThat(availability.state().lastOutage()).contains(Duration.ofSeconds(7));
        assertThat(supervisor.restarts()).isEqualTo(1);
    }

    @Test
    void anExternalServerIsNeverStartedOnlyProbedUntilItAnswers() {
        DatabaseSupervisor supervisor = supervisor(Optional.empty());
        availability.markDown("cannot connect: Connection refused");
        answers = false;
        for (int i = 0; i < 4; i++) {
            supervisor.runOnce();
            clock.advance(Duration.ofMillis(500));
        }
        assertThat(availability.up()).isFalse();
        assertThat(availability.state().reason()).contains("Connection refused");

        answers = true;
        supervisor.runOnce();

        assertThat(availability.up()).isTrue();
        assertThat(availability.state().lastOutage()).contains(Duration.ofSeconds(2));
        assertThat(starts).isEmpty();
    }

    @Test
    void thePauseBetweenFailedStartsDoublesUpToThirtySeconds() {
        assertThat(List.of(1, 2, 3, 5, 6, 20).stream().map(DatabaseSupervisor::pauseAfter).map(Duration::toSeconds))
                .containsExactly(1L, 2L, 4L, 16L, 30L, 30L);
    }
}
