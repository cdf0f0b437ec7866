package com.mangahub.sync.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.manga.Chapter;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.Update;

/** Chapter uploads of tracked series, keyed by their MangaDex id; edits update in place, deletions are marked. */
public final class ChapterStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SELECT = "select id as row_id, mangadex_chapter_id as chapter_id, manga_id, language, "
            + "chapter as number, external_url, readable_at, release_pending, "
            + "mangadex_version as version from chapters ";
    private static final RowMapper<StoredChapter> STORED = ConstructorMapper.of(StoredChapter.class);
    private static final String FIELDS = "language = :language, chapter = :chapter, chapter_key = :chapterKey, "
            + "volume = :volume, title = :title, pages = :pages, external_url = :externalUrl, "
            + "groups = cast(:groups as jsonb), uploader = :uploader, published_at = :publishedAt, readable_at = :readableAt, "
            + "mangadex_created_at = :createdAt, mangadex_updated_at = :updatedAt, mangadex_version = :version, "
            + "deleted_at = null, updated_at = :now";

    public Map<UUID, StoredChapter> find(Handle h, Collection<UUID> chapterIds) {
        return h.createQuery(SELECT + "where mangadex_chapter_id = any(:ids)")
                .bindArray("ids", UUID.class, chapterIds)
                .map(STORED)
                .collect(Collectors.toMap(StoredChapter::chapterId, Function.identity()));
    }

    public void insert(Handle h, long mangaId, Chapter ch, boolean releasePending, Instant now) {
        bindFields(h.createUpdate("insert into chapters (language, chapter, chapter_key, volume, title, pages, "
                + "external_url, groups, uploader, published_at, readable_at, mangadex_created_at, mangadex_updated_at, "
                + "mangadex_version, updated_at, mangadex_chapter_id, manga_id, release_pending) values (:language, "
                + ":chapter, :chapterKey, :volume, :title, :pages, :externalUrl, cast(:groups as jsonb), :uploader, :publishedAt, "
                + ":readableAt, :createdAt, :updatedAt, :version, :now, :chapterId, :mangaId, :releasePending) "
                + "on conflict (mangadex_chapter_id) do nothing"), ch, now)
                .bind("chapterId", ch.id())
                .bind("mangaId", mangaId)
                .bind("releasePending", releasePending)
                .execute();
    }

    /** An edit or a re-sighting: the row takes MangaDex's current fields; a deleted chapter that is back is undeleted. */
    public void update(Handle h, long rowId, Chapter ch, Instant now) {
        bindFields(h.createUpdate("update chapters set " + FIELDS + " where id = :rowId"), ch, now)
                .bind("rowId", rowId)
                .execute();
    }

    private static Update bindFields(Update u, Chapter ch, Instant now) {
        return u.bind("language", ch.language())
                .bind("chapter", ch.number().text().orElse(null))
                .bind("chapterKey", ch.number().sortKey().orElse(null))
                .bind("volume", ch.volume())
                .bind("title", ch.title())
                .bind("pages", ch.pages())
                .bind("externalUrl", ch.externalUrl())
                .bind("groups", groupsJson(ch))
                .bind("uploader", ch.uploader().orElse(null))
                .bind("publishedAt", ch.publishAt())
                .bind("readableAt", ch.readableAt())
                .bind("createdAt", ch.createdAt())
                .bind("updatedAt", ch.updatedAt())
                .bind("version", ch.version())
                .bind("now", now);
    }

    /** Pending chapters whose readableAt has passed, locked so two pollers never release the same one. */
    public List<StoredChapter> dueForRelease(Handle h, Instant now, int limit) {
        return h.createQuery(SELECT + "where release_pending and readable_at <= :now "
                        + "and deleted_at is null order by readable_at limit :limit for update skip locked")
                .bind("now", now)
                .bind("limit", limit)
                .map(STORED)
                .list();
    }

    public void markReleased(Handle h, long rowId) {
        h.createUpdate("update chapters set release_pending = false where id = :rowId").bind("rowId", rowId).execute();
    }

    /**
     * Marks deleted the readable chapters of a series, in these languages, that its feed no longer lists. Pending
     * ones are left: a chapter not yet readable may be missing from a feed for reasons of MangaDex's own.
     */
    public int markMissingDeleted(Handle h, long mangaId, List<String> languages, Collection<UUID> present,
                                  Instant now) {
        return h.createUpdate("update chapters set deleted_at = :now, updated_at = :now "
                        + "where manga_id = :mangaId and language = any(:languages) and not release_pending "
                        + "and deleted_at is null and readable_at <= :now and not (mangadex_chapter_id = any(:present))")
                .bind("now", now)
                .bind("mangaId", mangaId)
                .bindArray("languages", String.class, languages)
                .bindArray("present", UUID.class, present)
                .execute();
    }

    private static String groupsJson(Chapter ch) {
        List<Map<String, Object>> groups = ch.groups().stream()
                .map(g -> Map.<String, Object>of("id", g.id().toString(), "name", g.name())).toList();
        try {
            return JSON.writeValueAsString(groups);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot encode the groups of chapter " + ch.id(), e);
        }
    }
}
