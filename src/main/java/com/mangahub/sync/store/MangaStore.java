package com.mangahub.sync.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.manga.Manga;
import com.mangahub.sync.manga.Slug;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Writes series by MangaDex id: insert with a unique slug, or update the MangaDex-sourced columns of a known one
 * (never our own tracking columns), with its tags. Reports which user-visible fields changed.
 */
public final class MangaStore {
    /** Serialises slug allocation: two writers choosing a suffix at once would otherwise collide. */
    private static final long SLUG_LOCK = 0x4d48_534c_5547L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TagWriter tags = new TagWriter();

    /** What an upsert did: the local id, whether the series is new, and old/new values of changed fields. */
    public record Saved(long id, boolean created, Map<String, Map<String, Object>> changes) {}

    public Saved upsert(Connection c, Manga m, Instant now) throws SQLException {
        Optional<Previous> previous = previous(c, m);
        if (previous.isEmpty()) {
            Optional<Long> inserted = insert(c, m, allocateSlug(c, m));
            if (inserted.isPresent()) {
                update(c, inserted.get(), m, now);
                tags.replace(c, inserted.get(), m.tags());
                return new Saved(inserted.get(), true, Map.of());
            }
            previous = previous(c, m); // another writer inserted it between our look and our insert
        }
        Previous p = previous.orElseThrow();
        update(c, p.id(), m, now);
        tags.replace(c, p.id(), m.tags());
        return new Saved(p.id(), false, p.changesTo(m));
    }

    private record Previous(long id, String title, String status, String finalChapter) {
        Map<String, Map<String, Object>> changesTo(Manga m) {
            Map<String, Map<String, Object>> changes = new LinkedHashMap<>();
            compare(changes, "title", title, m.title());
            compare(changes, "status", status, m.status().orElse(null));
            compare(changes, "final_chapter", finalChapter, m.finalChapter().orElse(null));
            return changes;
        }

        private static void compare(Map<String, Map<String, Object>> changes, String field, String from, String to) {
            if (!Objects.equals(from, to)) {
                Map<String, Object> change = new LinkedHashMap<>();
                change.put("from", from);
                change.put("to", to);
                changes.put(field, change);
            }
        }
    }

    private static Optional<Previous> previous(Connection c, Manga m) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select id, title, status, final_chapter from manga where mangadex_id = ? for update")) {
            ps.setObject(1, m.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new Previous(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
    }

    private static final String COLUMNS = "title = ?, alt_titles = ?, authors = ?, artists = ?, status = ?, "
            + "demographic = ?, year = ?, content_rating = ?, original_language = ?, description = ?, cover_file = ?, "
            + "cover_url = ?, latest_uploaded_chapter = ?, final_chapter = ?, mangadex_created_at = ?, "
            + "mangadex_updated_at = ?, mangadex_version = ?, last_synced_at = ?, updated_at = ?";

    private static void update(Connection c, long id, Manga m, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update manga set " + COLUMNS + " where id = ?")) {
            int next = bindColumns(c, ps, m, now);
            ps.setLong(next, id);
            ps.executeUpdate();
        }
    }

    private static Optional<Long> insert(Connection c, Manga m, String slug) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into manga (mangadex_id, slug, title) values (?, ?, ?) "
                + "on conflict (mangadex_id) do nothing returning id")) {
            ps.setObject(1, m.id());
            ps.setString(2, slug);
            ps.setString(3, m.title());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private static int bindColumns(Connection c, PreparedStatement ps, Manga m, Instant now) throws SQLException {
        ps.setString(1, m.title());
        Jdbc.setJson(ps, 2, json(m.altTitles()));
        ps.setArray(3, c.createArrayOf("text", m.authors().toArray()));
        ps.setArray(4, c.createArrayOf("text", m.artists().toArray()));
        Jdbc.setOptional(ps, 5, m.status());
        Jdbc.setOptional(ps, 6, m.demographic());
        Jdbc.setOptional(ps, 7, m.year());
        Jdbc.setOptional(ps, 8, m.contentRating());
        Jdbc.setOptional(ps, 9, m.originalLanguage());
        Jdbc.setOptional(ps, 10, m.description());
        Jdbc.setOptional(ps, 11, m.coverFileName());
        Jdbc.setOptional(ps, 12, m.coverUrl());
        Jdbc.setOptional(ps, 13, m.latestUploadedChapter());
        Jdbc.setOptional(ps, 14, m.finalChapter());
        Jdbc.setInstant(ps, 15, m.createdAt());
        Jdbc.setInstant(ps, 16, m.updatedAt());
        ps.setInt(17, m.version());
        Jdbc.setInstant(ps, 18, now);
        Jdbc.setInstant(ps, 19, now);
        return 20;
    }

    /** The title's slug, or the same with the first free numeric suffix ("one-piece-2") when it is taken. */
    private static String allocateSlug(Connection c, Manga m) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
            lock.setLong(1, SLUG_LOCK);
            lock.execute();
        }
        String base = m.slug();
        Set<String> taken = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("select slug from manga where slug = ? or slug like ?")) {
            ps.setString(1, base);
            ps.setString(2, base + "-%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) taken.add(rs.getString(1));
            }
        }
        for (int n = 1; ; n++) {
            String candidate = Slug.withSuffix(base, n);
            if (!taken.contains(candidate)) return candidate;
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot encode " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
