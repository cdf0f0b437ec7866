package com.mangahub.sync.notify.feed;

import com.mangahub.sync.reader.Upcoming;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * A reader's expected chapters as an iCalendar object (RFC 5545), written by hand: one all-day event per series whose
 * next chapter has a date (scheduled, on schedule, or late). Lines end in CRLF and are folded before 75 octets
 * without splitting a UTF-8 character; text values escape backslash, semicolon, comma and line breaks.
 *
 * <p>The bytes depend only on what the forecast says, never on the time of the request, so the ETag holds until
 * something changes: DTSTAMP is the series' last release (the information the event was derived from), and the
 * UID names the series and the chapter expected, so a calendar updates one event rather than adding another when
 * the date moves, and sees a new event (a new UID) once that chapter has come and the next is expected.
 */
final class CalendarFeed {
    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int MAX_OCTETS = 75;

    private CalendarFeed() {}

    /** @param fallbackStamp DTSTAMP of an event whose series has no dated release (the feed token's creation) */
    static String write(String name, List<Upcoming.Entry> entries, Instant fallbackStamp) {
        StringBuilder out = new StringBuilder();
        line(out, "BEGIN:VCALENDAR");
        line(out, "VERSION:2.0");
        line(out, "PRODID:-//MangaHub Sync//Upcoming chapters//EN");
        line(out, "CALSCALE:GREGORIAN");
        line(out, "X-WR-CALNAME:" + text("MangaHub Sync: " + name + "'s upcoming chapters"));
        for (Upcoming.Entry e : entries) {
            if (e.expectedDate() != null && !"long_silent".equals(e.state())) event(out, e, fallbackStamp);
        }
        line(out, "END:VCALENDAR");
        return out.toString();
    }

    private static void event(StringBuilder out, Upcoming.Entry e, Instant fallbackStamp) {
        String chapter = expectedChapter(e);
        LocalDate day = e.expectedDate();
        Instant stamp = e.lastReleaseAt() != null ? e.lastReleaseAt() : fallbackStamp;
        line(out, "BEGIN:VEVENT");
        line(out, "UID:" + text(e.mangaId() + "-" + chapter + "@mangahub-sync"));
        line(out, "DTSTAMP:" + STAMP.format(stamp));
        line(out, "DTSTART;VALUE=DATE:" + DATE.format(day));
        line(out, "DTEND;VALUE=DATE:" + DATE.format(day.plusDays(1)));
        line(out, "SUMMARY:" + text(e.title() + ": chapter " + chapter + ("late".equals(e.state()) ? " (late)" : "")));
        line(out, "DESCRIPTION:" + text(description(e)));
        line(out, "URL:https://mangadex.org/title/" + e.mangaId());
        line(out, "TRANSP:TRANSPARENT");
        line(out, "END:VEVENT");
    }

    /**
     * The chapter the event is for: a delayed chapter's own number; else the one after the latest we know (a whole
     * number up), or "next" when the latest is no number.
     */
    static String expectedChapter(Upcoming.Entry e) {
        if (e.nextChapter() != null) return e.nextChapter();
        if (e.latestChapter() != null && e.latestChapter().matches("\\d{1,6}(\\.\\d{1,3})?")) {
            return Long.toString((long) Math.floor(Double.parseDouble(e.latestChapter())) + 1);
        }
        return e.latestChapter() == null ? "next" : "after-" + e.latestChapter();
    }

    private static String description(Upcoming.Entry e) {
        if ("scheduled".equals(e.state())) return "Scheduled on MangaDex for this day.";
        String last = e.lastReleaseAt() == null ? "" : " after the last chapter of "
                + LocalDate.ofInstant(e.lastReleaseAt(), ZoneOffset.UTC);
        return "Expected: a chapter usually comes every " + e.usualGapDays() + " days" + last + "."
                + ("late".equals(e.state()) ? " It is late." : "");
    }

    /** A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines escaped, other controls dropped. */
    static String text(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case ';' -> out.append("\\;");
                case ',' -> out.append("\\,");
                case '\n' -> out.append("\\n");
                case '\r' -> { }
                default -> {
                    if (c >= 0x20 && c != 0x7f) out.append(c);
                }
            }
        }
        return out.toString();
    }

    /** One content line, folded (CRLF and a space) so no line exceeds 75 octets, never inside a UTF-8 character. */
    static void line(StringBuilder out, String content) {
        int octets = 0;
        int limit = MAX_OCTETS;
        for (int i = 0; i < content.length(); ) {
            int cp = content.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (octets + size > limit) {
                out.append("\r\n ");
                octets = 0;
                limit = MAX_OCTETS - 1; // the space that starts a continuation line counts
            }
            out.appendCodePoint(cp);
            octets += size;
            i += Character.charCount(cp);
        }
        out.append("\r\n");
    }
}
