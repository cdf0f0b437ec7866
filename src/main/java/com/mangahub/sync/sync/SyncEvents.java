package com.mangahub.sync.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.json.JsonText;
import com.mangahub.sync.manga.Manga;
import com.mangahub.sync.store.OutboxWriter;
import com.mangahub.sync.store.TrackedSeries;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The outbox events sync writes, in the payload the notification side reads: {@code manga_id} is the MangaDex
 * uuid, plus {@code title}; NEW_CHAPTER adds chapter, old_chapter, language, chapter_id; MANGA_UPDATE adds changes.
 * Dedup keys name the reader-level fact, so the same fact is one event however often it is seen.
 */
final class SyncEvents {
    private final OutboxWriter outbox = new OutboxWriter();
    private final ObjectMapper json;

    SyncEvents(ObjectMapper json) {
        this.json = json;
    }

    /** A chapter number new for readers of a series. */
    record NewChapter(String language, Optional<String> number, Optional<String> oldNumber, UUID chapterId) {}

    boolean newChapter(Connection c, TrackedSeries series, NewChapter ch) throws SQLException {
        Map<String, Object> payload = base(series.mangadexId(), series.title());
        payload.put("chapter", ch.number().orElse(null));
        payload.put("old_chapter", ch.oldNumber().orElse(null));
        payload.put("language", ch.language());
        payload.put("chapter_id", ch.chapterId().toString());
        String key = "chapter:" + series.mangadexId() + ":" + ch.language() + ":" + ch.number().orElse("");
        return outbox.write(c, OutboxWriter.Type.NEW_CHAPTER, series.id(), json(payload), key);
    }

    boolean newManga(Connection c, long localId, Manga m) throws SQLException {
        return outbox.write(c, OutboxWriter.Type.NEW_MANGA, localId, json(base(m.id(), m.title())), "manga:" + m.id());
    }

    /** A metadata change; keyed by MangaDex's version so each edit of the series is one event. */
    boolean mangaUpdate(Connection c, long localId, Manga m, Map<String, Map<String, Object>> changes)
            throws SQLException {
        Map<String, Object> payload = base(m.id(), m.title());
        payload.put("changes", changes);
        String key = "manga-update:" + m.id() + ":" + m.version();
        return outbox.write(c, OutboxWriter.Type.MANGA_UPDATE, localId, json(payload), key);
    }

    private static Map<String, Object> base(UUID mangadexId, String title) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("manga_id", mangadexId.toString());
        payload.put("title", title);
        return payload;
    }

    private String json(Map<String, Object> payload) {
        return JsonText.write(json, payload);
    }
}
