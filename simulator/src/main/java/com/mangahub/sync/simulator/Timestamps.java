package com.mangahub.sync.simulator;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/** MangaDex's two time formats: RFC 3339 with {@code +00:00} out, and the strict offset-less pattern in. */
final class Timestamps {
    /** The spec's exact regex for {@code *Since} parameters: no zone, no fraction. */
    static final Pattern SINCE = Pattern.compile("^\\d{4}-[0-1]\\d-([0-2]\\d|3[0-1])T([0-1]\\d|2[0-3]):[0-5]\\d:[0-5]\\d$");
    private static final DateTimeFormatter OUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'+00:00'")
            .withZone(ZoneOffset.UTC);

    private Timestamps() {}

    static String format(Instant at) {
        return OUT.format(at);
    }

    static Instant parseOut(String text) {
        return java.time.OffsetDateTime.parse(text).toInstant();
    }

    /** Parses a {@code *Since} value, or returns null when it breaks the pattern or names no real date. */
    static Instant parseSince(String text) {
        if (!SINCE.matcher(text).matches()) return null;
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null; // e.g. 2024-02-31: matches the pattern but is no date; the caller answers 400
        }
    }

    static Instant seconds(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS);
    }
}
