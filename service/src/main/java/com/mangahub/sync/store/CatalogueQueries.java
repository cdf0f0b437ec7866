package com.mangahub.sync.store;

import com.mangahub.sync.store.CatalogueView.ChapterView;
import com.mangahub.sync.store.CatalogueView.MangaDetail;
import com.mangahub.sync.store.CatalogueView.MangaSummary;
import com.mangahub.sync.store.CatalogueView.PageOf;
import com.mangahub.sync.store.CatalogueView.TagView;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.Query;

/** The catalogue read API's queries: paged listing with title search and status/tag filters, details, chapters. */
public final class CatalogueQueries {
    /**
     * A series matches when its title contains the query (or MangaDex's search named it: {@code :extra}) and it has
     * the status, rating and tag asked for.
     */
    private static final String FILTER = " from manga m where (cast(:title as text) is null "
            + "or lower(m.title) like '%' || lower(:title) || '%' or m.mangadex_id = any(:extra)) "
            + "and (cast(:status as text) is null or m.status = :status) "
            + "and (cast(:rating as text) is null or m.content_rating = :rating) "
            + "and (cast(:tag as text) is null or exists (select 1 from manga_tags mt join tags t on t.id = mt.tag_id "
            + "where mt.manga_id = m.id and lower(t.name) = lower(:tag)))";
    private static final String SUMMARY_COLUMNS = "select m.id, m.mangadex_id, m.slug, m.title, m.status, "
            + "m.cover_url, m.latest_chapter, m.content_rating, m.tracked_since is not null as tracked";
    /** A title search: the exact title first, then titles that start with it, then the rest by title. */
    private static final String BY_TITLE = " order by lower(m.title) = lower(:raw) desc, "
            + "lower(m.title) like lower(:title) || '%' desc, m.title, m.id";
    /**
     * Opening the catalogue: what other readers follow first, then what MangaDex updated last, so the first page
     * is worth reading before anything is typed.
     */
    private static final String BY_INTEREST = " order by (select count(*) from user_library l where l.manga_id = m.id) "
            + "desc, m.mangadex_updated_at desc nulls last, m.id";
    private static final RowMapper<MangaSummary> SUMMARY = ConstructorMapper.of(MangaSummary.class);
    private static final RowMapper<ChapterView> CHAPTER = ConstructorMapper.of(ChapterView.class);
    private static final RowMapper<TagView> TAG = ConstructorMapper.of(TagView.class);
    private static final RowMapper<DetailRow> DETAIL = ConstructorMapper.of(DetailRow.class);
    private final Database db;

    public CatalogueQueries(Database db) {
        this.db = db;
    }

    /** What a catalogue listing is narrowed by; each empty when not asked for. */
    public record Filter(Optional<String> title, Optional<String> status, Optional<String> tag,
                         Optional<String> contentRating) {}

    public PageOf<MangaSummary> list(Filter filter, int page, int size) {
        return listWith(filter, List.of(), page, size);
    }

    /** {@link #list}, the series of {@code extra} (MangaDex's own search named them) matching the title too. */
    public PageOf<MangaSummary> listWith(Filter filter, List<UUID> extra, int page, int size) {
        String order = filter.title().isPresent() ? BY_TITLE : BY_INTEREST;
        return db.inTransaction(h -> {
            long total = filtered(h.createQuery("select count(*)" + FILTER), filter, extra).mapTo(Long.class).one();
            List<MangaSummary> items = filtered(h.createQuery(SUMMARY_COLUMNS + FILTER + order
                            + " limit :size offset :offset"), filter, extra)
                    .bind("raw", filter.title().orElse(null))
                    .bind("size", size)
                    .bind("offset", (long) (page - 1) * size)
                    .map(SUMMARY)
                    .list();
            return new PageOf<>(items, page, size, total);
        });
    }

    /** The catalogued series among these MangaDex ids, as one page. */
    public PageOf<MangaSummary> byIds(List<UUID> ids, Filter filter) {
        return db.inTransaction(h -> {
            List<MangaSummary> items = filtered(h.createQuery(SUMMARY_COLUMNS + " from manga m where "
                    + "m.mangadex_id = any(:extra) order by m.title, m.id"), filter, ids).map(SUMMARY).list();
            return new PageOf<>(items, 1, Math.max(1, items.size()), items.size());
        });
    }

    private static Query filtered(Query q, Filter f, List<UUID> extra) {
        // the title is matched literally: LIKE's wildcards and escape in it are escaped
        String t = f.title().map(s -> s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")).orElse(null);
        return q.bind("title", t).bind("status", f.status().orElse(null)).bind("tag", f.tag().orElse(null))
                .bind("rating", f.contentRating().orElse(null)).bindArray("extra", UUID.class, extra);
    }

    /** A series by local id, MangaDex id or slug. */
    public Optional<MangaDetail> find(String key) {
        return db.inTransaction(h -> h.createQuery("select * from manga where " + keyColumn(key) + " = :key")
                .bind("key", keyValue(key))
                .map(DETAIL)
                .findFirst()
                .map(row -> row.withTags(tags(h, row.id()))));
    }

    /** The file name of a catalogued series' primary cover; empty for an unknown series or one without a cover. */
    public Optional<String> coverFile(UUID mangadexId) {
        return db.inTransaction(h -> h.createQuery("select cover_file from manga where mangadex_id = :id")
                .bind("id", mangadexId)
                .mapTo(String.class)
                .findOne());
    }

    public List<ChapterView> chapters(long mangaId, int limit, int offset) {
        return db.inTransaction(h -> h.createQuery("select mangadex_chapter_id as chapter_id, language, chapter, "
                        + "volume, title, pages, external_url, published_at, release_pending as pending, "
                        + "deleted_at is not null as deleted from chapters where manga_id = :mangaId "
                        + "order by chapter_key desc nulls last, published_at desc, id limit :limit offset :offset")
                .bind("mangaId", mangaId)
                .bind("limit", limit)
                .bind("offset", offset)
                .map(CHAPTER)
                .list());
    }

    private static String keyColumn(String key) {
        if (key.matches("[0-9]{1,18}")) return "id";
        return parseUuid(key).isPresent() ? "mangadex_id" : "slug";
    }

    private static Object keyValue(String key) {
        if (key.matches("[0-9]{1,18}")) return Long.parseLong(key);
        Optional<UUID> uuid = parseUuid(key);
        return uuid.isPresent() ? uuid.get() : key;
    }

    private static Optional<UUID> parseUuid(String s) {
        try {
            return s.length() == 36 ? Optional.of(UUID.fromString(s)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static List<TagView> tags(Handle h, long mangaId) {
        return h.createQuery("select t.id, t.name, t.tag_group as \"group\" from manga_tags mt "
                        + "join tags t on t.id = mt.tag_id where mt.manga_id = :mangaId order by t.tag_group, t.name")
                .bind("mangaId", mangaId)
                .map(TAG)
                .list();
    }

    /** A manga row as the details page reads it, before its tags are added. */
    private record DetailRow(long id, UUID mangadexId, String slug, String title, String[] authors, String[] artists,
                             String status, String demographic, Integer year, String contentRating,
                             String description, String coverUrl, String latestChapter, String finalChapter,
                             Instant trackedSince, Instant lastSyncedAt, Instant lastChapterCheck) {
        MangaDetail withTags(List<TagView> tags) {
            return new MangaDetail(id, mangadexId, slug, title, strings(authors), strings(artists), status, demographic,
                    year, contentRating, description, coverUrl, latestChapter, finalChapter, tags, trackedSince,
                    lastSyncedAt, lastChapterCheck);
        }

        private static List<String> strings(String[] array) {
            return array == null ? List.of() : List.of(array);
        }
    }
}
