package com.mangahub.sync.notify.channel;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How an email channel batches: every notification in its own mail, or one mail per hour or per (UTC) day holding
 * everything of that period. A period is [start, start + length) of the notification's creation time; its mail is
 * owed once the period has ended.
 */
public enum Digest {
    NONE, HOURLY, DAILY;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Digest> parse(String label) {
        return Arrays.stream(values()).filter(d -> d.label().equals(label)).findFirst();
    }

    /** The start of the period {@code at} falls in (UTC). */
    public Instant periodStart(Instant at) {
        return switch (this) {
            case NONE -> at;
            case HOURLY -> at.truncatedTo(ChronoUnit.HOURS);
            case DAILY -> at.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
        };
    }

    /** Periods starting before this instant have ended at {@code now}: their notifications are due. */
    public Instant cutoff(Instant now) {
        return periodStart(now);
    }
}
