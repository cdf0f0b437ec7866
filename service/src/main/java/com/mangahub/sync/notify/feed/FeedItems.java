package com.mangahub.sync.notify.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.json.JsonText;
import com.mangahub.sync.store.NotificationStore.NotificationDetails;
import com.mangahub.sync.store.NotificationStore.NotificationRow;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns log rows into feed entries: a title a person reads at a glance ("Series — Vol. 2 Chapter 12: Title"), the
 * link that opens what is new (the chapter on MangaDex, the publisher's page of a link-only chapter, else the series
 * on MangaDex) and a plain-text summary with series, chapter, groups and language.
 */
final class FeedItems {
    static final String MANGADEX_SITE = "https://mangadex.org";
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final ObjectMapper json;

    FeedItems(ObjectMapper json) {
        this.json = json;
    }

    FeedItem item(NotificationRow row, NotificationDetails details) {
        JsonNode payload = JsonText.tree(json, row.payloadJson(), "notification " + row.id() + "'s payload");
        String series = row.title() == null ? "" : row.title();
        String mangaId = row.mangaDexId() != null && UUID.matcher(row.mangaDexId()).matches() ? row.mangaDexId() : null;
        String chapterId = text(payload, "chapter_id");
        if (chapterId != null && !UUID.matcher(chapterId).matches()) chapterId = null;
        String externalUrl = text(payload, "external_url");
        String language = text(payload, "language");
        List<String> groups = groups(details);
        String chapterTitle = details == null ? null : details.chapterTitle();
        String volume = details == null ? null : details.volume();
        URI link = link(row.type(), mangaId, chapterId, externalUrl);
        String headline = switch (row.type()) {
            case "NEW_CHAPTER" -> join(series, chapterLabel(row.chapter(), volume, chapterTitle));
            case "NEW_MANGA" -> "New series: " + series;
            case "STATUS_CHANGE" -> series + " is now " + text(payload, "new_status")
                    + (text(payload, "old_status") == null ? "" : " (was " + text(payload, "old_status") + ")");
            case "FIRST_CHAPTER" -> join(series, "first chapter in " + language
                    + (row.chapter() == null ? "" : " (chapter " + row.chapter() + ")"));
            default -> series + " updated" + changes(payload);
        };
        StringBuilder text = new StringBuilder(headline);
        if (!series.isEmpty()) text.append("\nSeries: ").append(series);
        if (row.oldChapter() != null) text.append("\nAfter chapter ").append(row.oldChapter());
        if (!groups.isEmpty()) text.append("\nGroups: ").append(String.join(", ", groups));
        if (language != null) text.append("\nLanguage: ").append(language);
        if (link != null) text.append("\n").append(externalUrl != null && link.toString().equals(externalUrl)
                ? "Read on the publisher's site: " : "On MangaDex: ").append(link);
        return new FeedItem("urn:mangahub-sync:notification:" + row.id(), row.type(), headline, link, series, mangaId,
                row.chapter(), row.oldChapter(), chapterTitle, volume, groups, language, chapterId, externalUrl,
                row.createdAt(), text.toString());
    }

    private static String join(String series, String chapter) {
        return series.isEmpty() ? chapter : series + " — " + chapter;
    }

    private static String chapterLabel(String chapter, String volume, String chapterTitle) {
        String label = chapter == null ? "Oneshot" : "Chapter " + chapter;
        if (volume != null && !volume.isEmpty()) label = "Vol. " + volume + " " + label;
        if (chapterTitle != null && !chapterTitle.isBlank()) label += ": " + chapterTitle;
        return label;
    }

    /** Which fields an update changed, e.g. " (status, description)". */
    private static String changes(JsonNode payload) {
        JsonNode changes = payload.path("changes");
        List<String> names = new ArrayList<>();
        if (changes.isObject()) changes.fieldNames().forEachRemaining(names::add);
        if (changes.isArray()) changes.forEach(c -> names.add(c.asText()));
        return names.isEmpty() ? "" : " (" + String.join(", ", names) + ")";
    }

    /**
     * The publisher's page of a link-only chapter only when it is an absolute http(s) URL (it comes from MangaDex:
     * a {@code javascript:} link in a feed reader is script); else the chapter, else the series on MangaDex.
     */
    static URI link(String type, String mangaId, String chapterId, String externalUrl) {
        if ("NEW_CHAPTER".equals(type) || "FIRST_CHAPTER".equals(type)) {
            URI external = webUrl(externalUrl);
            if (external != null) return external;
            if (chapterId != null) return URI.create(MANGADEX_SITE + "/chapter/" + chapterId.toLowerCase(Locale.ROOT));
        }
        return mangaId == null ? null : URI.create(MANGADEX_SITE + "/title/" + mangaId.toLowerCase(Locale.ROOT));
    }

    static URI webUrl(String raw) {
        if (raw == null || raw.length() > 2048) return null;
        try {
            URI uri = new URI(raw);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private List<String> groups(NotificationDetails details) {
        List<String> names = new ArrayList<>();
        if (details == null || details.groupsJson() == null) return names;
        Iterator<JsonNode> it = JsonText.tree(json, details.groupsJson(), "groups of notification " + details.id()).elements();
        it.forEachRemaining(g -> {
            if (g.hasNonNull("name")) names.add(g.get("name").asText());
        });
        return names;
    }

    private static String text(JsonNode payload, String field) {
        JsonNode node = payload.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }
}
