package com.mangahub.sync.notify.channel;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What one mail says, for one notification or a digest of several: subject, plain text and HTML. Every value in it
 * came from MangaDex (titles, groups) or a trigger, so the HTML part escapes each one, and a link is only ever a
 * MangaDex or an http(s) URL ({@link ChannelMessage#link()}).
 */
record EmailContent(String subject, String text, String html) {

    static EmailContent single(ChannelMessage m) {
        return new EmailContent(subject(m), lines(List.of(m)) + footer(), page(subject(m), List.of(m)));
    }

    /** One mail for everything of a digest period, oldest first. */
    static EmailContent digest(List<ChannelMessage> messages, Digest digest, Instant periodStart) {
        String subject = messages.size() == 1 ? subject(messages.getFirst())
                : messages.size() + " new notifications from MangaHub Sync ("
                        + (digest == Digest.HOURLY ? "hour from " + periodStart : "day of " + periodStart.toString().substring(0, 10))
                        + ")";
        return new EmailContent(subject, lines(messages) + footer(), page(subject, messages));
    }

    /** e.g. "New chapter: Frieren — Chapter 120". */
    static String subject(ChannelMessage m) {
        String subject = switch (m.type()) {
            case "NEW_CHAPTER" -> "New chapter: " + m.seriesTitle() + (m.chapter() == null ? "" : " — Chapter " + m.chapter());
            default -> m.headline();
        };
        // a header line: MangaDex text with a line break must not fold into something else
        return subject.replaceAll("[\\p{Cntrl}]", " ").strip();
    }

    private static String lines(List<ChannelMessage> messages) {
        return messages.stream().map(m -> m.headline() + "\n" + m.detail() + "\n" + m.link() + "\n")
                .collect(Collectors.joining("\n"));
    }

    private static String footer() {
        return "\n--\nSent by MangaHub Sync to this email channel. Remove it under Settings > Channels.\n";
    }

    private static String page(String subject, List<ChannelMessage> messages) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
                .append(escape(subject)).append("</title></head><body>");
        for (ChannelMessage m : messages) {
            html.append("<div style=\"margin-bottom:1em\"><h2 style=\"font-size:1.1em;margin:0\"><a href=\"")
                    .append(escape(m.link())).append("\">").append(escape(m.headline())).append("</a></h2>");
            if (m.thumbnail() != null) {
                html.append("<img src=\"").append(escape(m.thumbnail())).append("\" alt=\"\" width=\"96\">");
            }
            html.append("<p style=\"margin:0.2em 0\">").append(escape(m.detail())).append("</p><p style=\"margin:0\"><a href=\"")
                    .append(escape(m.link())).append("\">").append(escape(m.link())).append("</a></p></div>");
        }
        return html.append("<hr><p style=\"color:#666;font-size:0.8em\">Sent by MangaHub Sync to this email channel.</p>")
                .append("</body></html>").toString();
    }

    /** HTML text and attribute escaping (the five characters that can end text or an attribute). */
    static String escape(String s) {
        if (s == null) return "";
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
