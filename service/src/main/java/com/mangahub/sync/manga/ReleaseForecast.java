package com.mangahub.sync.manga;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * When a series' next chapter is expected, and how it stands (issue 28). The rule, stated once in
 * docs/architecture.md:
 * <ol>
 *   <li>A delayed chapter whose readableAt is known is a date, not a guess: {@link State#SCHEDULED} on that day.</li>
 *   <li>A series MangaDex calls completed, hiatus or cancelled has no expected chapter; its state says so.</li>
 *   <li>Otherwise the history (when each chapter number first became readable in the reader's languages) is cut into
 *   releases: a chapter readable within {@link #BATCH} of the previous one belongs to the same release (a batch
 *   upload is one release, not gaps of zero). The last {@link #GAPS} gaps between releases are read; fewer than
 *   {@link #MIN_GAPS} gaps is {@link Reason#TOO_SHORT}. Their median, clamped to [{@link #MIN_GAP}, {@link #MAX_GAP}],
 *   is the usual gap; when the median absolute deviation exceeds half the median, the history is
 *   {@link Reason#IRREGULAR}. Both are {@link State#UNKNOWN}.</li>
 *   <li>The expected day is the last release plus the usual gap (UTC). Past that day without a chapter the series is
 *   {@link State#LATE}; past three usual gaps since the last release it is {@link State#LONG_SILENT}; else
 *   {@link State#ON_SCHEDULE}.</li>
 * </ol>
 */
public record ReleaseForecast(State state, Optional<LocalDate> expected, Optional<Duration> usualGap,
                              Optional<Instant> lastRelease, Optional<Reason> reason) {
    public static final Duration BATCH = Duration.ofHours(24);
    public static final int GAPS = 8;
    public static final int MIN_GAPS = 3;
    public static final Duration MIN_GAP = Duration.ofDays(1);
    public static final Duration MAX_GAP = Duration.ofDays(90);
    public static final int SILENT_GAPS = 3;

    public enum State { SCHEDULED, ON_SCHEDULE, LATE, LONG_SILENT, UNKNOWN, COMPLETED, HIATUS, CANCELLED }

    /** Why a series has no expected date although it is ongoing. */
    public enum Reason { TOO_SHORT, IRREGULAR }

    /** Where the Upcoming view lists a series; weeks run Monday to Sunday, in UTC like the expected days. */
    public enum Group { THIS_WEEK, NEXT_WEEK, LATER, LATE, UNKNOWN, STOPPED }

    public Group group(Clock clock) {
        return switch (state) {
            case LATE, LONG_SILENT -> Group.LATE;
            case UNKNOWN -> Group.UNKNOWN;
            case COMPLETED, HIATUS, CANCELLED -> Group.STOPPED;
            case SCHEDULED, ON_SCHEDULE -> {
                LocalDate sunday = day(clock.instant()).with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY));
                LocalDate date = expected.orElseThrow();
                yield !date.isAfter(sunday) ? Group.THIS_WEEK
                        : !date.isAfter(sunday.plusWeeks(1)) ? Group.NEXT_WEEK : Group.LATER;
            }
        };
    }

    /**
     * @param status    MangaDex's status of the series (ongoing, completed, hiatus, cancelled; null when unknown)
     * @param history   when each chapter number first became readable in the reader's languages, in any order
     * @param scheduled the earliest readableAt of a delayed chapter not readable yet, when one is stored
     */
    public static ReleaseForecast of(String status, List<Instant> history, Optional<Instant> scheduled, Clock clock) {
        Instant now = clock.instant();
        List<Instant> releases = releases(history);
        Optional<Instant> last = releases.isEmpty() ? Optional.empty() : Optional.of(releases.getLast());
        if (scheduled.isPresent() && scheduled.get().isAfter(now)) {
            return new ReleaseForecast(State.SCHEDULED, Optional.of(day(scheduled.get())), Optional.empty(), last,
                    Optional.empty());
        }
        Optional<State> ended = ended(status);
        if (ended.isPresent()) {
            return new ReleaseForecast(ended.get(), Optional.empty(), Optional.empty(), last, Optional.empty());
        }
        List<Duration> gaps = gaps(releases);
        if (gaps.size() < MIN_GAPS) return unknown(last, Reason.TOO_SHORT, Optional.empty());
        Duration median = median(gaps);
        Duration usual = clamp(median);
        if (deviation(gaps, median).compareTo(median.dividedBy(2)) > 0) {
            return unknown(last, Reason.IRREGULAR, Optional.of(usual));
        }
        LocalDate expected = day(last.orElseThrow().plus(usual));
        State state = now.isAfter(last.orElseThrow().plus(usual.multipliedBy(SILENT_GAPS))) ? State.LONG_SILENT
                : day(now).isAfter(expected) ? State.LATE : State.ON_SCHEDULE;
        return new ReleaseForecast(state, Optional.of(expected), Optional.of(usual), last, Optional.empty());
    }

    private static ReleaseForecast unknown(Optional<Instant> last, Reason reason, Optional<Duration> gap) {
        return new ReleaseForecast(State.UNKNOWN, Optional.empty(), gap, last, Optional.of(reason));
    }

    private static Optional<State> ended(String status) {
        if (status == null) return Optional.empty();
        return switch (status) {
            case "completed" -> Optional.of(State.COMPLETED);
            case "hiatus" -> Optional.of(State.HIATUS);
            case "cancelled" -> Optional.of(State.CANCELLED);
            default -> Optional.empty();
        };
    }

    /** The start of each release: a chapter within {@link #BATCH} of the one before it joins that release. */
    static List<Instant> releases(List<Instant> history) {
        List<Instant> sorted = history.stream().sorted().toList();
        List<Instant> releases = new ArrayList<>();
        Instant previous = null;
        for (Instant t : sorted) {
            if (previous == null || Duration.between(previous, t).compareTo(BATCH) > 0) releases.add(t);
            previous = t;
        }
        return releases;
    }

    /** The last {@link #GAPS} gaps between releases, oldest first. */
    private static List<Duration> gaps(List<Instant> releases) {
        List<Duration> gaps = new ArrayList<>();
        for (int i = Math.max(1, releases.size() - GAPS); i < releases.size(); i++) {
            gaps.add(Duration.between(releases.get(i - 1), releases.get(i)));
        }
        return gaps;
    }

    private static Duration median(List<Duration> values) {
        List<Duration> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2);
    }

    /** The median absolute deviation from {@code median}: one odd gap (a skipped week) does not make a series irregular. */
    private static Duration deviation(List<Duration> gaps, Duration median) {
        return median(gaps.stream().map(g -> g.minus(median).abs()).sorted(Comparator.naturalOrder()).toList());
    }

    private static Duration clamp(Duration d) {
        return d.compareTo(MIN_GAP) < 0 ? MIN_GAP : d.compareTo(MAX_GAP) > 0 ? MAX_GAP : d;
    }

    private static LocalDate day(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }
}
