package com.mangahub.sync.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.json.JsonText;
import com.mangahub.sync.store.NotificationStore.FanOut;
import com.mangahub.sync.store.OutboxStore.OutboxEvent;
import com.mangahub.sync.manga.ChapterNumber;
import com.mangahub.sync.manga.Uuids;
import java.time.Instant;
import java.util.UUID;

/**
 * Who gets an outbox event and under which dedup key. NEW_MANGA goes to everyone, at most once per series;
 * NEW_CHAPTER to followers reading its language, never twice for one chapter (manga, language, number);
 * MANGA_UPDATE to followers, at most once per series within the anti-spam window; STATUS_CHANGE to followers, once
 * per change; FIRST_CHAPTER to followers reading its language, once per series and language.
 */
final class FanOutPlan {
    private FanOutPlan() {}

    static FanOut of(OutboxEvent e, ObjectMapper json, Config.Notify settings, Instant now) {
        if (e.mangaId() == null) throw new IllegalArgumentException("outbox event " + e.id() + " names no series");
        JsonNode p = JsonText.tree(json, e.payloadJson(), "outbox event " + e.id() + "'s payload");
        String manga = required(p, "manga_id", e);
        Instant quietSince = settings.spamWindow().isZero() ? null : now.minus(settings.spamWindow());
        return switch (e.type()) {
            case "NEW_MANGA" -> new FanOut(e.id(), e.type(), e.mangaId(), e.payloadJson(), "NEW_MANGA:" + manga,
                    false, null, quietSince, now, null, null);
            case "MANGA_UPDATE" -> new FanOut(e.id(), e.type(), e.mangaId(), e.payloadJson(),
                    "MANGA_UPDATE:" + manga + ":" + e.id(), true, null, quietSince, now, null, null);
            case "NEW_CHAPTER" -> new FanOut(e.id(), e.type(), e.mangaId(), e.payloadJson(), chapterKey(p, manga, e),
                    true, text(p, "language"), null, now, chapterId(p),
                    ChapterNumber.parse(text(p, "chapter")).sortKey().orElse(null));
            // issue 28: told once per series and status change / per series and language, to followers only
            case "STATUS_CHANGE" -> new FanOut(e.id(), e.type(), e.mangaId(), e.payloadJson(),
                    "STATUS_CHANGE:" + manga + ":" + e.id(), true, null, null, now, null, null);
            case "FIRST_CHAPTER" -> new FanOut(e.id(), e.type(), e.mangaId(), e.payloadJson(),
                    "FIRST_CHAPTER:" + manga + ":" + text(p, "language"), true, text(p, "language"), null, now,
                    chapterId(p), null);
            default -> throw new IllegalArgumentException("outbox event " + e.id() + " has unknown type " + e.type());
        };
    }

    /** A chapter is identified by its number in its language; a numberless one (a oneshot) by its MangaDex id. */
    private static String chapterKey(JsonNode p, String manga, OutboxEvent e) {
        String language = text(p, "language");
        String chapter = text(p, "chapter");
        if (chapter != null) return "NEW_CHAPTER:" + manga + ":" + (language == null ? "*" : language) + ":" + chapter;
        String chapterId = text(p, "chapter_id");
        if (chapterId != null) return "NEW_CHAPTER:" + manga + ":id:" + chapterId;
        return "NEW_CHAPTER:" + manga + ":outbox:" + e.id();
    }

    /** The stored chapter the event is about; a trigger may name none or garbage, which then matches no chapter. */
    private static UUID chapterId(JsonNode p) {
        return Uuids.parse(text(p, "chapter_id")).orElse(null);
    }

    private static String required(JsonNode p, String field, OutboxEvent e) {
        String value = text(p, field);
        if (value == null) throw new IllegalArgumentException("outbox event " + e.id() + " payload lacks " + field);
        return value;
    }

    private static String text(JsonNode p, String field) {
        JsonNode v = p.get(field);
        if (v == null || v.isNull()) return null;
        String s = v.asText().strip();
        return s.isEmpty() ? null : s;
    }
}
