package com.mangahub.sync.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.manga.Manga;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes series by MangaDex id: inserts new ones with a unique slug, updates the MangaDex-sourced columns of known
 * ones (never our tracking columns), and replaces their tags. A whole page takes a handful of round trips, so an
 * import is paced by MangaDex's rate limit, not by the database. Reports which user-visible fields changed.
 */
public final class MangaStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "title, alt_titles, authors, artists, status, demographic, year, "
            + "content_rating, original_language, description, cover_file, cover_url, latest_uploaded_chapter, "
            + "final_chapter, mangadex_created_at, mangadex_updated_at, mangadex_version, last_synced_at, updated_at";
    private static final int COLUMN_COUNT = 19;

    private final TagWriter tags = new TagWriter();
    private final SlugAllocator slugs = new SlugAllocator();

    /** What an upsert did: the local id, whether the series is new, and old/new values of changed fields. */
    public record Saved(long id, boolean created, Map<String, Map<String, Object>> changes) {}

    public Saved upsert(Connection c, Manga m, Instant now) throws SQLException {
        return upsertAll(c, List.of(m), now).getFirst();
    }

    /** Upserts a page of series (distinct ids) in one go; the results come back in the page's order. */
    public List<Saved> upsertAll(Connection c, List<Manga> listed, Instant now) throws SQLException {
        if (listed.isEmpty()) return List.of();
        // the last listing of a series wins when a page names it twice
        List<Manga> page = List.copyOf(listed.stream().collect(Collectors.toMap(Manga::id, Function.identity(),
                (a, b) -> b, LinkedHashMap::new)).values());
        Map<UUID, Previous> known = previous(c, page);
        List<Manga> fresh = page.stream().filter(m -> !known.containsKey(m.id())).toList();
        insert(c, fresh, slugs.allocate(c, fresh), now);
        // a series another writer inserted between our look and our insert is simply updated below
        Map<UUID, Long> ids = ids(c, page);
        update(c, page.stream().filter(m -> known.containsKey(m.id())).toList(), ids, now);
        tags.replace(c, page, ids);
        List<Saved> saved = new ArrayList<>();
        for (Manga m : listed) {
            Previous p = known.get(m.id());
            saved.add(new Saved(ids.get(m.id()), p == null, p == null ? Map.of() : p.changesTo(m)));
        }
        return saved;
    }

    private record Previous(String title, String status, String finalChapter) {
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

    private static Map<UUID, Previous> previous(Connection c, List<Manga> page) throws SQLException {
        Map<UUID, Previous> found = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select mangadex_id, title, status, final_chapter from manga "
                + "where mangadex_id = any(?) order by id for update")) {
            ps.setArray(1, c.createArrayOf("uuid", page.stream().map(Manga::id).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getObject(1, UUID.class), new Previous(rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return found;
    }

    private static Map<UUID, Long> ids(Connection c, List<Manga> page) throws SQLException {
        Map<UUID, Long> ids = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select mangadex_id, id from manga where mangadex_id = any(?)")) {
            ps.setArray(1, c.createArrayOf("uuid", page.stream().map(Manga::id).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) ids.put(rs.getObject(1, UUID.class), rs.getLong(2));
            }
        }
        return ids;
    }

    private static void insert(Connection c, List<Manga> fresh, Map<UUID, String> slugs, Instant now)
            throws SQLException {
        if (fresh.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("insert into manga (" + COLUMNS + ", mangadex_id, slug) values ("
                + "?, ".repeat(COLUMN_COUNT + 1) + "?) on conflict (mangadex_id) do nothing")) {
            for (Manga m : fresh) {
                bindColumns(c, ps, m, now);
                ps.setObject(COLUMN_COUNT + 1, m.id());
                ps.setString(COLUMN_COUNT + 2, slugs.get(m.id()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void update(Connection c, List<Manga> known, Map<UUID, Long> ids, Instant now) throws SQLException {
        if (known.isEmpty()) return;
        String assignments = String.join(" = ?, ", COLUMNS.split(", ")) + " = ?";
        try (PreparedStatement ps = c.prepareStatement("update manga set " + assignments + " where id = ?")) {
            for (Manga m : known) {
                bindColumns(c, ps, m, now);
                ps.setLong(COLUMN_COUNT + 1, ids.get(m.id()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void bindColumns(Connection c, PreparedStatement ps, Manga m, Instant now) throws SQLException {
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
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot encode " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
