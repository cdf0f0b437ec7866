package com.mangahub.sync.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.manga.Chapter;
import com.mangahub.sync.manga.ChapterNumber;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Chapter uploads of tracked series, keyed by their MangaDex id; edits update in place, deletions are marked. */
public final class ChapterStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SELECT = "select id, mangadex_chapter_id, manga_id, language, chapter, external_url, readable_at, "
            + "release_pending, mangadex_version from chapters ";
    private static final String FIELDS = "language = ?, chapter = ?, chapter_key = ?, volume = ?, title = ?, pages = ?, "
            + "external_url = ?, groups = ?, published_at = ?, readable_at = ?, mangadex_created_at = ?, "
            + "mangadex_updated_at = ?, mangadex_version = ?, deleted_at = null, updated_at = ?";

    public Map<UUID, StoredChapter> find(Connection c, Collection<UUID> chapterIds) throws SQLException {
        Map<UUID, StoredChapter> found = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT + "where mangadex_chapter_id = any(?)")) {
            ps.setArray(1, c.createArrayOf("uuid", chapterIds.toArray()));
            for (StoredChapter s : read(ps)) found.put(s.chapterId(), s);
        }
        return found;
    }

    public void insert(Connection c, long mangaId, Chapter ch, boolean releasePending, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into chapters (language, chapter, chapter_key, volume, "
                + "title, pages, external_url, groups, published_at, readable_at, mangadex_created_at, "
                + "mangadex_updated_at, mangadex_version, updated_at, mangadex_chapter_id, manga_id, release_pending) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (mangadex_chapter_id) do nothing")) {
            bindFields(ps, ch, now);
            ps.setObject(15, ch.id());
            ps.setLong(16, mangaId);
            ps.setBoolean(17, releasePending);
            ps.executeUpdate();
        }
    }

    /** An edit or a re-sighting: the row takes MangaDex's current fields; a deleted chapter that is back is undeleted. */
    public void update(Connection c, long rowId, Chapter ch, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update chapters set " + FIELDS + " where id = ?")) {
            bindFields(ps, ch, now);
            ps.setLong(15, rowId);
            ps.executeUpdate();
        }
    }

    private static void bindFields(PreparedStatement ps, Chapter ch, Instant now) throws SQLException {
        ps.setString(1, ch.language());
        ps.setString(2, ch.number().text().orElse(null));
        ps.setBigDecimal(3, ch.number().sortKey().orElse(null));
        Jdbc.setOptional(ps, 4, ch.volume());
        Jdbc.setOptional(ps, 5, ch.title());
        ps.setInt(6, ch.pages());
        Jdbc.setOptional(ps, 7, ch.externalUrl());
        Jdbc.setJson(ps, 8, groupsJson(ch));
        Jdbc.setInstant(ps, 9, ch.publishAt());
        Jdbc.setInstant(ps, 10, ch.readableAt());
        Jdbc.setInstant(ps, 11, ch.createdAt());
        Jdbc.setInstant(ps, 12, ch.updatedAt());
        ps.setInt(13, ch.version());
        Jdbc.setInstant(ps, 14, now);
    }

    /** Pending chapters whose readableAt has passed, locked so two pollers never release the same one. */
    public List<StoredChapter> dueForRelease(Connection c, Instant now, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + "where release_pending and readable_at <= ? "
                + "and deleted_at is null order by readable_at limit ? for update skip locked")) {
            Jdbc.setInstant(ps, 1, now);
            ps.setInt(2, limit);
            return read(ps);
        }
    }

    public void markReleased(Connection c, long rowId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update chapters set release_pending = false where id = ?")) {
            ps.setLong(1, rowId);
            ps.executeUpdate();
        }
    }

    /**
     * Marks deleted the readable chapters of a series, in these languages, that its feed no longer lists. Pending
     * ones are left: a chapter not yet readable may be missing from a feed for reasons of MangaDex's own.
     */
    public int markMissingDeleted(Connection c, long mangaId, List<String> languages, Collection<UUID> present,
                                  Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update chapters set deleted_at = ?, updated_at = ? "
                + "where manga_id = ? and language = any(?) and not release_pending and deleted_at is null "
                + "and readable_at <= ? and not (mangadex_chapter_id = any(?))")) {
            Jdbc.setInstant(ps, 1, now);
            Jdbc.setInstant(ps, 2, now);
            ps.setLong(3, mangaId);
            ps.setArray(4, c.createArrayOf("text", languages.toArray()));
            Jdbc.setInstant(ps, 5, now);
            ps.setArray(6, c.createArrayOf("uuid", present.toArray()));
            return ps.executeUpdate();
        }
    }

    private static List<StoredChapter> read(PreparedStatement ps) throws SQLException {
        List<StoredChapter> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new StoredChapter(rs.getLong("id"), rs.getObject("mangadex_chapter_id", UUID.class),
                        rs.getLong("manga_id"), rs.getString("language"), ChapterNumber.parse(rs.getString("chapter")),
                        Optional.ofNullable(rs.getString("external_url")),
                        Jdbc.instant(rs, "readable_at").orElse(Instant.EPOCH), rs.getBoolean("release_pending"),
                        rs.getInt("mangadex_version")));
            }
        }
        return out;
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
