package com.mangahub.sync.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * {@code quarantined_chapters}: the chapters MangaDex sent that could not be stored, by id, with why. Written inside
 * the transaction of the page that held them, so the page's other chapters and the cursor commit with it; a chapter
 * seen again (the overlap window re-reads pages) counts another attempt instead of another row.
 */
public final class QuarantineStore {
    /** Reasons are PostgreSQL's message; bounded, as they may quote the value refused. */
    private static final int MAX_REASON = 500;

    /** One quarantined chapter. */
    public record Quarantined(UUID mangadexChapterId, UUID mangadexMangaId, String workflow, String reason,
                              int attempts, Instant firstSeenAt, Instant lastSeenAt) {}

    public void add(Handle h, UUID chapterId, UUID mangaId, String workflow, String reason, Instant now) {
        String bounded = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason;
        h.createUpdate("""
                        insert into quarantined_chapters (mangadex_chapter_id, mangadex_manga_id, workflow, reason,
                                                          first_seen_at, last_seen_at)
                        values (:chapter, :manga, :workflow, :reason, :now, :now)
                        on conflict (mangadex_chapter_id) do update
                            set attempts = quarantined_chapters.attempts + 1, reason = excluded.reason,
                                last_seen_at = excluded.last_seen_at""")
                .bind("chapter", chapterId).bind("manga", mangaId).bind("workflow", workflow)
                .bind("reason", bounded.replace("\0", "")).bind("now", now).execute();
    }

    public long count(Handle h) {
        return h.createQuery("select count(*) from quarantined_chapters").mapTo(Long.class).one();
    }

    public Optional<Quarantined> latest(Handle h) {
        return h.createQuery("select mangadex_chapter_id, mangadex_manga_id, workflow, reason, attempts, first_seen_at, "
                        + "last_seen_at from quarantined_chapters order by last_seen_at desc limit 1")
                .map(ConstructorMapper.of(Quarantined.class)).findOne();
    }

    public List<Quarantined> all(Handle h) {
        return h.createQuery("select mangadex_chapter_id, mangadex_manga_id, workflow, reason, attempts, first_seen_at, "
                        + "last_seen_at from quarantined_chapters order by first_seen_at, mangadex_chapter_id")
                .map(ConstructorMapper.of(Quarantined.class)).list();
    }
}
