package com.mangahub.sync.manga;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.manga.ReleaseForecast.Group;
import com.mangahub.sync.manga.ReleaseForecast.Reason;
import com.mangahub.sync.manga.ReleaseForecast.State;
import com.mangahub.sync.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Acceptance 1 of issue 28: the documented rule, on a fake clock. */
class ReleaseForecastTest {
    /** A Wednesday. */
    private static final Instant LAST = Instant.parse("2026-03-04T15:00:00Z");

    private static List<Instant> every(Duration gap, int chapters) {
        List<Instant> history = new ArrayList<>();
        for (int i = chapters - 1; i >= 0; i--) history.add(LAST.minus(gap.multipliedBy(i)));
        return history;
    }

    private static ReleaseForecast forecast(List<Instant> history, SettableClock clock) {
        return ReleaseForecast.of("ongoing", history, Optional.empty(), clock);
    }

    @Test
    void aWeeklySeriesIsExpectedAWeekAfterItsLastChapterThenLateThenLongSilent() {
        SettableClock clock = new SettableClock(LAST.plus(Duration.ofDays(2)));
        List<Instant> weekly = every(Duration.ofDays(7), 10);

        ReleaseForecast f = forecast(weekly, clock);
        assertThat(f.state()).isEqualTo(State.ON_SCHEDULE);
        assertThat(f.expected()).contains(LocalDate.parse("2026-03-11"));
        assertThat(f.usualGap()).contains(Duration.ofDays(7));
        assertThat(f.group(clock)).isEqualTo(Group.NEXT_WEEK);

        clock.set(Instant.parse("2026-03-11T23:59:00Z"));
        assertThat(forecast(weekly, clock).state()).as("on the expected day itself").isEqualTo(State.ON_SCHEDULE);
        assertThat(forecast(weekly, clock).group(clock)).isEqualTo(Group.THIS_WEEK);

        clock.set(Instant.parse("2026-03-12T00:00:00Z"));
        assertThat(forecast(weekly, clock).state()).isEqualTo(State.LATE);
        assertThat(forecast(weekly, clock).expected()).as("the day it was due").contains(LocalDate.parse("2026-03-11"));
        assertThat(forecast(weekly, clock).group(clock)).isEqualTo(Group.LATE);

        clock.set(LAST.plus(Duration.ofDays(21)));
        assertThat(forecast(weekly, clock).state()).as("exactly three usual gaps").isEqualTo(State.LATE);
        clock.advance(Duration.ofSeconds(1));
        assertThat(forecast(weekly, clock).state()).isEqualTo(State.LONG_SILENT);
        assertThat(forecast(weekly, clock).group(clock)).isEqualTo(Group.LATE);
    }

    @Test
    void aBiweeklySeriesWithOneSkippedIssueAndABatchUploadStaysBiweekly() {
        SettableClock clock = new SettableClock(LAST.plus(Duration.ofDays(1)));
        List<Instant> history = new ArrayList<>(every(Duration.ofDays(14), 8));
        history.removeFirst();
        history.add(LAST.minus(Duration.ofDays(14)).plus(Duration.ofHours(2))); // two chapters in one release
        history.add(LAST.minus(Duration.ofDays(70)).plus(Duration.ofDays(14))); // already there: the same number twice

        ReleaseForecast f = forecast(history, clock);
        assertThat(f.state()).isEqualTo(State.ON_SCHEDULE);
        assertThat(f.usualGap()).contains(Duration.ofDays(14));
        assertThat(f.expected()).contains(LocalDate.parse("2026-03-18"));
        assertThat(f.group(clock)).isEqualTo(Group.LATER);

        List<Instant> skipped = new ArrayList<>(every(Duration.ofDays(14), 9));
        skipped.remove(4); // one issue skipped: a gap of four weeks among two-week gaps
        assertThat(forecast(skipped, clock).usualGap()).contains(Duration.ofDays(14));
        assertThat(forecast(skipped, clock).state()).isEqualTo(State.ON_SCHEDULE);
    }

    @Test
    void anIrregularHistoryIsUnknown() {
        SettableClock clock = new SettableClock(LAST.plus(Duration.ofDays(1)));
        List<Instant> history = new ArrayList<>();
        Instant t = LAST;
        for (int days : new int[] {3, 20, 5, 40, 9, 2, 30}) {
            history.add(t);
            t = t.minus(Duration.ofDays(days));
        }
        ReleaseForecast f = forecast(history, clock);
        assertThat(f.state()).isEqualTo(State.UNKNOWN);
        assertThat(f.reason()).contains(Reason.IRREGULAR);
        assertThat(f.expected()).isEmpty();
        assertThat(f.group(clock)).isEqualTo(Group.UNKNOWN);
    }

    @Test
    void threeReleasesAreTooShortAndABatchCountsAsOne() {
        SettableClock clock = new SettableClock(LAST.plus(Duration.ofDays(1)));
        assertThat(forecast(every(Duration.ofDays(7), 3), clock).reason()).contains(Reason.TOO_SHORT);
        assertThat(forecast(List.of(), clock).state()).isEqualTo(State.UNKNOWN);
        // ten chapters uploaded an hour apart are one release, not nine gaps of an hour
        assertThat(forecast(every(Duration.ofHours(1), 10), clock).reason()).contains(Reason.TOO_SHORT);
        assertThat(forecast(every(Duration.ofDays(7), 4), clock).state()).isEqualTo(State.ON_SCHEDULE);
    }

    @Test
    void aDelayedChapterWithAKnownDateIsThatDateNotAGuess() {
        SettableClock clock = new SettableClock(LAST.plus(Duration.ofDays(1)));
        Instant publishAt = Instant.parse("2026-03-20T10:00:00Z");
        ReleaseForecast f = ReleaseForecast.of("ongoing", every(Duration.ofDays(7), 10), Optional.of(publishAt), clock);
        assertThat(f.state()).isEqualTo(State.SCHEDULED);
        assertThat(f.expected()).contains(LocalDate.parse("2026-03-20"));
        assertThat(f.group(clock)).isEqualTo(Group.LATER);
        // with no history at all, and even for a series MangaDex calls completed (its final chapter, delayed)
        assertThat(ReleaseForecast.of("completed", List.of(), Optional.of(publishAt), clock).expected())
                .contains(LocalDate.parse("2026-03-20"));
        // once its date has passed, the pending chapter is the stream's to release; the forecast goes back to history
        clock.set(publishAt.plusSeconds(1));
        assertThat(ReleaseForecast.of("ongoing", every(Duration.ofDays(7), 10), Optional.of(publishAt), clock).state())
                .isEqualTo(State.LATE);
    }

    @Test
    void completedHiatusAndCancelledSeriesExpectNothing() {
        SettableClock clock = new SettableClock(LAST.plus(Duration.ofDays(1)));
        List<Instant> weekly = every(Duration.ofDays(7), 10);
        assertThat(ReleaseForecast.of("completed", weekly, Optional.empty(), clock).state()).isEqualTo(State.COMPLETED);
        assertThat(ReleaseForecast.of("hiatus", weekly, Optional.empty(), clock).state()).isEqualTo(State.HIATUS);
        ReleaseForecast cancelled = ReleaseForecast.of("cancelled", weekly, Optional.empty(), clock);
        assertThat(cancelled.state()).isEqualTo(State.CANCELLED);
        assertThat(cancelled.expected()).isEmpty();
        assertThat(cancelled.group(clock)).isEqualTo(Group.STOPPED);
        assertThat(cancelled.lastRelease()).contains(LAST);
    }

    @Test
    void theUsualGapIsClampedToNinetyDays() {
        SettableClock clock = new SettableClock(LAST.plus(Duration.ofDays(1)));
        ReleaseForecast f = forecast(every(Duration.ofDays(120), 6), clock);
        assertThat(f.usualGap()).contains(ReleaseForecast.MAX_GAP);
        assertThat(f.expected()).contains(LocalDate.parse("2026-06-02"));
    }
}
