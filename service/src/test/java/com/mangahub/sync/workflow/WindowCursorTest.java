package com.mangahub.sync.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class WindowCursorTest {
    private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void offsetsGrowUntilTheNextPageWouldPassTheTenThousandWindowThenTheWalkReanchors() {
        List<Instant> page = Collections.nCopies(100, T.plusMillis(700));
        WindowCursor near = new WindowCursor(Optional.empty(), 9_800);
        assertThat(near.after(page, Function.identity(), 100)).isEqualTo(new WindowCursor(Optional.empty(), 9_900));
        WindowCursor edge = new WindowCursor(Optional.empty(), 9_900);
        assertThat(edge.after(page, Function.identity(), 100))
                .isEqualTo(new WindowCursor(Optional.of(T.minusSeconds(1)), 0));
    }

    @Test
    void tenThousandResultsInOneSecondCannotBePagedAndSaySo() {
        List<Instant> page = Collections.nCopies(100, T);
        WindowCursor stuck = new WindowCursor(Optional.of(T.minusSeconds(1)), 9_900);
        assertThatThrownBy(() -> stuck.after(page, Function.identity(), 100)).hasMessageContaining("10000 results");
    }

    @Test
    void theCursorSurvivesItsTextForm() {
        WindowCursor c = new WindowCursor(Optional.of(T), 300);
        assertThat(WindowCursor.decode(Optional.of(c.encode()))).contains(c);
        assertThat(WindowCursor.decode(Optional.of(WindowCursor.from(Optional.empty()).encode())))
                .contains(new WindowCursor(Optional.empty(), 0));
    }
}
