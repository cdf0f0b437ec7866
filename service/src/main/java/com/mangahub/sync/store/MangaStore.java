package com.mangahub.sync.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.manga.Manga;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Writes series by MangaDex id: inserts new ones with a unique slug, updates the MangaDex-sourced columns of known
 * ones (never our tracking columns), and replaces their tags. A whole page takes a handful of round trips, so an
 * import is paced by MangaDex's rate limit, not by the database. Reports which user-visible fields changed.
 */
public final class MangaStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long CATALOGUE_WRITERS = 0x4d48_4341_5441L;
    /** The columns an upsert writes (MangaDex's, plus when we last synced), each bound by its own name. */
    private static final List<String> COLUMNS = List.of("title", "alt_titles", "authors", "artists", "status",
            "demographic", "year", "content_rating", "original_language", "description", "cover_file", "cover_url",
            "latest_uploaded_chapter", "final_chapter", "mangadex_created_at", "mangadex_updated_at",
            "mangadex_version", "last_synced_at", "updated_at");

    private final TagWriter tags = new TagWriter();
    private final SlugAllocator slugs = new SlugAllocator();

    /** What an upsert did: the local id, whether the series is new, and old/new values of changed fields. */
    public record Saved(long id, boolean created, Map<String, Map<String, Object>> changes) {}

    public Saved upsert(Handle h, Manga m, Instant now) {
        return upsertAll(h, List.of(m), now).getFirst();
    }

    /**
     * Upserts a page of series (distinct ids) in one go; the results come back in the page's order. Call it before
     * the transaction locks any series row: it waits for the other catalogue writers first.
     */
    public List<Saved> upsertAll(Handle h, List<Manga> listed, Instant now) {
        if (listed.isEmpty()) return List.of();
        // Writers of the catalogue take turns (the lock is held to commit, and taken before any row lock of the
        // transaction): the poll, an import page, a follow and a manual sync write overlapping series in different
        // orders, and series rows, their tag links and slugs locked in different orders deadlocked.
        AdvisoryLocks.forTransaction(h, CATALOGUE_WRITERS);
        // the last listing of a series wins when a page names it twice
        List<Manga> page = List.copyOf(listed.stream().collect(Collectors.toMap(Manga::id, Function.identity(),
                (a, b) -> b, LinkedHashMap::new)).values());
        tags.saveVocabulary(h, page);
        Map<UUID, Previous> known = previous(h, page);
        List<Manga> fresh = page.stream().filter(m -> !known.containsKey(m.id())).toList();
        insert(h, fresh, slugs.allocate(h, fresh), now);
        // a series another writer inserted between our look and our insert is simply updated below
        Map<UUID, Long> ids = ids(h, page);
        update(h, page.stream().filter(m -> known.containsKey(m.id())).toList(), ids, now);
        tags.link(h, page, ids);
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

    private static Map<UUID, Previous> previous(Handle h, List<Manga> page) {
        return h.createQuery("select mangadex_id, title, status, final_chapter from manga "
                        + "where mangadex_id = any(:ids) order by id for update")
                .bindArray("ids", UUID.class, page.stream().map(Manga::id).toList())
                .map((rs, ctx) -> Map.entry(rs.getObject("mangadex_id", UUID.class),
                        new Previous(rs.getString("title"), rs.getString("status"), rs.getString("final_chapter"))))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static Map<UUID, Long> ids(Handle h, List<Manga> page) {
        return h.createQuery("select mangadex_id, id from manga where mangadex_id = any(:ids)")
                .bindArray("ids", UUID.class, page.stream().map(Manga::id).toList())
                .map((rs, ctx) -> Map.entry(rs.getObject("mangadex_id", UUID.class), rs.getLong("id")))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static void insert(Handle h, List<Manga> fresh, Map<UUID, String> slugs, Instant now) {
        if (fresh.isEmpty()) return;
        String values = COLUMNS.stream().map(MangaStore::value).collect(Collectors.joining(", "));
        PreparedBatch batch = h.prepareBatch("insert into manga (" + String.join(", ", COLUMNS) + ", mangadex_id, slug) "
                + "values (" + values + ", :mangadex_id, :slug) on conflict (mangadex_id) do nothing");
        for (Manga m : fresh) {
            bindColumns(batch, m, now).bind("mangadex_id", m.id()).bind("slug", slugs.get(m.id())).add();
        }
        batch.execute();
    }

    private static void update(Handle h, List<Manga> known, Map<UUID, Long> ids, Instant now) {
        if (known.isEmpty()) return;
        String assignments = COLUMNS.stream().map(c -> c + " = " + value(c)).collect(Collectors.joining(", "));
        PreparedBatch batch = h.prepareBatch("update manga set " + assignments + " where id = :id");
        for (Manga m : known) bindColumns(batch, m, now).bind("id", ids.get(m.id())).add();
        batch.execute();
    }

    /** The bound value of a column as SQL: a named parameter, cast where the column is jsonb. */
    private static String value(String column) {
        return column.equals("alt_titles") ? "cast(:alt_titles as jsonb)" : ":" + column;
    }

    private static PreparedBatch bindColumns(PreparedBatch batch, Manga m, Instant now) {
        return batch.bind("title", m.title())
                .bind("alt_titles", json(m.altTitles()))
                .bindArray("authors", String.class, m.authors())
                .bindArray("artists", String.class, m.artists())
                .bind("status", m.status())
                .bind("demographic", m.demographic())
                .bind("year", m.year())
                .bind("content_rating", m.contentRating())
                .bind("original_language", m.originalLanguage())
                .bind("description", m.description())
                .bind("cover_file", m.coverFileName())
                .bind("cover_url", m.coverUrl())
                .bind("latest_uploaded_chapter", m.latestUploadedChapter())
                .bind("final_chapter", m.finalChapter())
                .bind("mangadex_created_at", m.createdAt())
                .bind("mangadex_updated_at", m.updatedAt())
                .bind("mangadex_version", m.version())
                .bind("last_synced_at", now)
                .bind("updated_at", now);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot encode " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
