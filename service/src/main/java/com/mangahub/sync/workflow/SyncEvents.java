package com.mangahub.sync.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.json.JsonText;
import com.mangahub.sync.manga.Manga;
import com.mangahub.sync.store.OutboxWriter;
import com.mangahub.sync.store.TrackedSeries;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The outbox events sync writes, in the payload the notification side reads: {@code manga_id} is the MangaDex
 * uuid, plus {@code title}; NEW_CHAPTER adds chapter, old_chapter, language, chapter_id,
 * external_url (null unless the chapter is read on another site); MANGA_UPDATE adds changes; FIRST_CHAPTER carries
 * what NEW_CHAPTER does; STATUS_CHANGE adds old_status and new_status.
 * Dedup keys name the reader-level fact, so the same fact is one event however often it is seen. {@code now} is the
 * workflow's clock, the one {@link OutboxWriter} stamps events with.
 */
final class SyncEvents {
    private final OutboxWriter outbox = new OutboxWriter();
    private final ObjectMapper json;

    SyncEvents(ObjectMapper json) {
        this.json = json;
    }

    /** A chapter number new for readers of a series; {@code externalUrl} is where a link-only chapter is read. */
    record NewChapter(String language, Optional<String> number, Optional<String> oldNumber, UUID chapterId,
                      Optional<String> externalUrl) {}

    boolean newChapter(Handle h, TrackedSeries series, NewChapter ch, Instant now) {
        Map<String, Object> payload = base(series.mangadexId(), series.title());
        payload.put("chapter", ch.number().orElse(null));
        payload.put("old_chapter", ch.oldNumber().orElse(null));
        payload.put("language", ch.language());
        payload.put("chapter_id", ch.chapterId().toString());
        payload.put("external_url", ch.externalUrl().orElse(null));
        String key = "chapter:" + series.mangadexId() + ":" + ch.language() + ":" + ch.number().orElse("");
        return outbox.write(h, OutboxWriter.Type.NEW_CHAPTER, series.id(), json(payload), key, now).isPresent();
    }

    /**
     * The first chapter of a series known in its language (issue 28): an event of its own beside the NEW_CHAPTER, so
     * a reader may turn it off without losing chapters. Keyed by series and language: once per language, ever.
     */
    boolean firstChapter(Handle h, TrackedSeries series, NewChapter ch, Instant now) {
        Map<String, Object> payload = base(series.mangadexId(), series.title());
        payload.put("chapter", ch.number().orElse(null));
        payload.put("language", ch.language());
        payload.put("chapter_id", ch.chapterId().toString());
        payload.put("external_url", ch.externalUrl().orElse(null));
        String key = "first-chapter:" + series.mangadexId() + ":" + ch.language();
        return outbox.write(h, OutboxWriter.Type.FIRST_CHAPTER, series.id(), json(payload), key, now).isPresent();
    }

    boolean newManga(Handle h, long localId, Manga m, Instant now) {
        return outbox.write(h, OutboxWriter.Type.NEW_MANGA, localId, json(base(m.id(), m.title())), "manga:" + m.id(), now)
                .isPresent();
    }

    /**
     * A metadata change; keyed by MangaDex's version so each edit of the series is one event. A status that became
     * completed, hiatus or cancelled is told plainly as well, as a STATUS_CHANGE of its own in the same transaction.
     */
    boolean mangaUpdate(Handle h, long localId, Manga m, Map<String, Map<String, Object>> changes, Instant now) {
        Map<String, Object> payload = base(m.id(), m.title());
        payload.put("changes", changes);
        String key = "manga-update:" + m.id() + ":" + m.version();
        Map<String, Object> status = changes.get("status");
        if (status != null && TOLD_STATUSES.contains(String.valueOf(status.get("to")))) {
            Map<String, Object> told = base(m.id(), m.title());
            told.put("old_status", status.get("from"));
            told.put("new_status", status.get("to"));
            outbox.write(h, OutboxWriter.Type.STATUS_CHANGE, localId, json(told),
                    "status-change:" + m.id() + ":" + m.version(), now);
        }
        return outbox.write(h, OutboxWriter.Type.MANGA_UPDATE, localId, json(payload), key, now).isPresent();
    }

    /** The statuses a follower is told about: the ones that say chapters will stop, for good or for a while. */
    private static final java.util.Set<String> TOLD_STATUSES = java.util.Set.of("completed", "hiatus", "cancelled");

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
