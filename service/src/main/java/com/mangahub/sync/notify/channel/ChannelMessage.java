package com.mangahub.sync.notify.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.json.JsonText;
import com.mangahub.sync.store.DeliveryStore.Due;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one notification says on a channel, kind-neutral: a headline, a line of detail, the link to open and the
 * cover thumbnail. The link goes to MangaDex (the chapter, or its external site for a link-only chapter; the
 * series for other events); the cover goes through our cover proxy, so only with a public base URL configured.
 * Everything here came from MangaDex or a trigger: senders put it in JSON or headers, never in markup.
 */
public record ChannelMessage(long notificationId, String type, String mangaDexId, String seriesTitle, String chapter,
                             String chapterTitle, String volume, List<String> groups, String language, String link,
                             String thumbnail, Instant createdAt, String oldStatus, String newStatus) {

    public static ChannelMessage of(Due d, ObjectMapper json, Optional<URI> publicBaseUrl) {
        return new ChannelMessage(d.notificationId(), d.type(), d.mangaDexId(), orEmpty(d.title()), d.chapter(),
                d.chapterTitle(), d.volume(), groups(d, json), d.language(), link(d), thumbnail(d, publicBaseUrl),
                d.createdAt(), d.oldStatus(), d.newStatus());
    }

    /**
     * One message for a batching window's notifications, e.g. "12 new chapters in 7 series", then a line per series
     * naming each of its chapters ("Frieren: 120, 121"); the link opens the one series, or MangaDex's updates.
     */
    public static ChannelMessage batch(List<ChannelMessage> messages) {
        java.util.Map<String, List<ChannelMessage>> bySeries = new java.util.LinkedHashMap<>();
        messages.forEach(m -> bySeries.computeIfAbsent(m.seriesTitle(), t -> new ArrayList<>()).add(m));
        boolean chapters = messages.stream().allMatch(m -> m.type().equals("NEW_CHAPTER"));
        String headline = messages.size() + (chapters ? " new chapter" : " notification") + (messages.size() == 1 ? "" : "s")
                + " in " + bySeries.size() + " series";
        List<String> lines = new ArrayList<>();
        bySeries.forEach((title, ms) -> lines.add(title + ": " + String.join(", ", ms.stream()
                .map(m -> m.chapter() != null ? m.chapter() : m.headline()).toList())));
        String link = bySeries.size() == 1 ? messages.getFirst().link() : "https://mangadex.org/titles/follows";
        ChannelMessage last = messages.getLast();
        return new ChannelMessage(0, BATCH, null, headline, null, String.join("\n", lines), null, List.of(), null, link,
                bySeries.size() == 1 ? last.thumbnail() : null, last.createdAt(), null, null);
    }

    /** The type of a batch: its headline in {@code seriesTitle}, its lines in {@code chapterTitle}. */
    public static final String BATCH = "BATCH";

    /**
     * e.g. "Frieren: chapter 120", "New series: Frieren", "Frieren is now completed (was ongoing)", "Frieren: first
     * chapter in fr (chapter 1)", "Frieren was updated".
     */
    public String headline() {
        return switch (type) {
            case BATCH -> seriesTitle;
            case "NEW_CHAPTER" -> seriesTitle + (chapter == null ? ": new chapter" : ": chapter " + chapter);
            case "NEW_MANGA" -> "New series: " + seriesTitle;
            case "STATUS_CHANGE" -> seriesTitle + " is now " + newStatus + (oldStatus == null ? "" : " (was " + oldStatus + ")");
            case "FIRST_CHAPTER" -> seriesTitle + ": first chapter in " + language + (chapter == null ? "" : " (chapter " + chapter + ")");
            case "TEST" -> "Test message from MangaHub Sync: this channel works";
            default -> seriesTitle + " was updated";
        };
    }

    /** e.g. "Vol. 12, Ch. 120 “The Journey” · Group A · en". */
    public String detail() {
        if (type.equals(BATCH)) return chapterTitle;
        List<String> parts = new ArrayList<>();
        StringBuilder what = new StringBuilder();
        if (volume != null) what.append("Vol. ").append(volume).append(", ");
        if (chapter != null) what.append("Ch. ").append(chapter);
        if (chapterTitle != null && !chapterTitle.isBlank()) what.append(" “").append(chapterTitle).append('”');
        if (!what.isEmpty()) parts.add(what.toString().strip());
        if (!groups.isEmpty()) parts.add(String.join(", ", groups));
        if (language != null) parts.add(language);
        return parts.isEmpty() ? headline() : String.join(" · ", parts);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static List<String> groups(Due d, ObjectMapper json) {
        List<String> out = new ArrayList<>();
        if (d.groupsJson() == null) return out;
        for (JsonNode g : JsonText.tree(json, d.groupsJson(), "delivery " + d.id() + "'s groups")) {
            if (g.hasNonNull("name")) out.add(g.get("name").asText());
        }
        return out;
    }

    private static String link(Due d) {
        if (d.externalUrl() != null && d.externalUrl().startsWith("https://")) return d.externalUrl();
        if (d.chapterId() != null && d.chapterId().matches("[0-9a-fA-F-]{36}")) return "https://mangadex.org/chapter/" + d.chapterId();
        if (d.mangaDexId() != null && d.mangaDexId().matches("[0-9a-fA-F-]{36}")) return "https://mangadex.org/title/" + d.mangaDexId();
        return "https://mangadex.org/";
    }

    /** Our proxy's 256 px thumbnail of the series' cover, as the web page shows it. */
    private static String thumbnail(Due d, Optional<URI> publicBaseUrl) {
        if (publicBaseUrl.isEmpty() || d.coverUrl() == null || d.mangaDexId() == null) return null;
        String file = d.coverUrl().substring(d.coverUrl().lastIndexOf('/') + 1);
        if (!file.matches("[A-Za-z0-9._-]+")) return null;
        String base = publicBaseUrl.get().toString().replaceAll("/+$", "");
        return base + "/covers/" + d.mangaDexId() + "/" + file + ".256.jpg";
    }
}
