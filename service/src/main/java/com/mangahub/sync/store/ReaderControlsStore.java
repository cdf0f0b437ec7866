package com.mangahub.sync.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.mapper.reflect.JdbiConstructor;

/**
 * The reader's controls as stored: reader-wide preferences on {@code users}, per-series settings and reading
 * progress on {@code user_library}. The fan-out reads them in its own statement ({@link NotificationStore#fanOut});
 * this class only reads and writes them for the reader.
 */
public final class ReaderControlsStore {
    private static final String PREFERENCES = "languages, groups_never, new_manga, new_manga_ratings, "
            + "new_manga_languages, new_manga_demographics, new_manga_tags_included, new_manga_tags_excluded, "
            + "manga_update, content_ratings, skip_read_chapters, read_advances_progress, status_change, first_chapter";
    private static final RowMapper<Preferences> PREFS = ConstructorMapper.of(Preferences.class);
    private static final RowMapper<SeriesControls> SERIES = ConstructorMapper.of(SeriesControls.class);

    private final Database db;

    public ReaderControlsStore(Database db) {
        this.db = db;
    }

    /** Reader-wide: what to be told about at all. Empty lists mean "no filter". Tag lists hold tag ids. */
    public record Preferences(List<String> languages, List<String> groupsNever, boolean newManga,
                              List<String> newMangaRatings, List<String> newMangaLanguages,
                              List<String> newMangaDemographics, List<String> newMangaTagsIncluded,
                              List<String> newMangaTagsExcluded, boolean mangaUpdate, List<String> contentRatings,
                              boolean skipReadChapters, boolean readAdvancesProgress, boolean statusChange,
                              boolean firstChapter) {}

    /** One series' settings; {@code languages} null: the reader's default languages. Group ids in lower case. */
    public record SeriesSettings(List<String> languages, List<String> groupsOnly, List<String> groupsNever,
                                 List<String> uploadersNever, boolean muted) {}

    /** A followed series' settings and the reader's progress in it (null chapter: none recorded). */
    public record SeriesControls(long mangaId, SeriesSettings settings, String progress, Instant progressUpdatedAt) {
        @JdbiConstructor
        public SeriesControls(long mangaId, List<String> languages, List<String> groupsOnly, List<String> groupsNever,
                              List<String> uploadersNever, boolean muted, String progress, Instant progressUpdatedAt) {
            this(mangaId, new SeriesSettings(languages, groupsOnly, groupsNever, uploadersNever, muted), progress,
                    progressUpdatedAt);
        }
    }

    public Preferences preferences(long userId) {
        return db.inTransaction(h -> h.createQuery("select " + PREFERENCES + " from users where id = :userId")
                .bind("userId", userId)
                .map(PREFS)
                .one());
    }

    public void savePreferences(long userId, Preferences p) {
        db.inTransaction(h -> h.createUpdate("update users set languages = :languages, groups_never = :groupsNever, "
                        + "new_manga = :newManga, new_manga_ratings = :newMangaRatings, "
                        + "new_manga_languages = :newMangaLanguages, new_manga_demographics = :newMangaDemographics, "
                        + "new_manga_tags_included = :newMangaTagsIncluded, "
                        + "new_manga_tags_excluded = :newMangaTagsExcluded, manga_update = :mangaUpdate, "
                        + "content_ratings = :contentRatings, skip_read_chapters = :skipReadChapters, "
                        + "read_advances_progress = :readAdvancesProgress, status_change = :statusChange, "
                        + "first_chapter = :firstChapter where id = :userId")
                .bind("userId", userId)
                .bindArray("languages", String.class, p.languages())
                .bindArray("groupsNever", String.class, p.groupsNever())
                .bind("newManga", p.newManga())
                .bindArray("newMangaRatings", String.class, p.newMangaRatings())
                .bindArray("newMangaLanguages", String.class, p.newMangaLanguages())
                .bindArray("newMangaDemographics", String.class, p.newMangaDemographics())
                .bindArray("newMangaTagsIncluded", String.class, p.newMangaTagsIncluded())
                .bindArray("newMangaTagsExcluded", String.class, p.newMangaTagsExcluded())
                .bind("mangaUpdate", p.mangaUpdate())
                .bindArray("contentRatings", String.class, p.contentRatings())
                .bind("skipReadChapters", p.skipReadChapters())
                .bind("readAdvancesProgress", p.readAdvancesProgress())
                .bind("statusChange", p.statusChange())
                .bind("firstChapter", p.firstChapter())
                .execute());
    }

    /** The settings and progress of a series the user follows; empty when it is not in the library. */
    public Optional<SeriesControls> series(long userId, long mangaId) {
        return db.inTransaction(h -> h.createQuery("select manga_id, languages, groups_only, groups_never, "
                        + "uploaders_never, muted, progress, progress_updated_at from user_library "
                        + "where user_id = :userId and manga_id = :mangaId")
                .bind("userId", userId)
                .bind("mangaId", mangaId)
                .map(SERIES)
                .findOne());
    }

    /** Replaces a followed series' settings; false when the series is not in the library. */
    public boolean saveSettings(long userId, long mangaId, SeriesSettings s) {
        return db.inTransaction(h -> h.createUpdate("update user_library set languages = :languages, "
                        + "groups_only = :groupsOnly, groups_never = :groupsNever, uploaders_never = :uploadersNever, "
                        + "muted = :muted where user_id = :userId and manga_id = :mangaId")
                .bind("userId", userId)
                .bind("mangaId", mangaId)
                .bindArray("languages", String.class, s.languages())
                .bindArray("groupsOnly", String.class, s.groupsOnly())
                .bindArray("groupsNever", String.class, s.groupsNever())
                .bindArray("uploadersNever", String.class, s.uploadersNever())
                .bind("muted", s.muted())
                .execute()) == 1;
    }

    /** Sets (or, with a null chapter, clears) the progress in a followed series; false when it is not followed. */
    public boolean saveProgress(long userId, long mangaId, String chapter, BigDecimal key, Instant now) {
        return db.inTransaction(h -> saveProgress(h, userId, mangaId, chapter, key, now, false));
    }

    /**
     * In the caller's transaction; {@code onlyForward}: keep a progress already beyond {@code key} (an import adds
     * what it knows, it never takes back what the reader read since).
     */
    public boolean saveProgress(Handle h, long userId, long mangaId, String chapter, BigDecimal key, Instant now,
                                boolean onlyForward) {
        return h.createUpdate("update user_library set progress = :chapter, progress_key = :key, "
                        + "progress_updated_at = :now where user_id = :userId and manga_id = :mangaId"
                        + (onlyForward ? " and (progress_key is null or progress_key < :key)" : ""))
                .bind("userId", userId)
                .bind("mangaId", mangaId)
                .bind("chapter", chapter)
                .bind("key", key)
                .bind("now", chapter == null ? null : now)
                .execute() == 1;
    }

    /**
     * The names of the scanlation groups we know by id (credited on a stored chapter), lower-case id to name; an id
     * missing from the answer is a group we have never seen. One index probe per id (chapters_groups_idx).
     */
    public Map<String, String> groupNames(Collection<String> ids) {
        if (ids.isEmpty()) return Map.of();
        return db.inTransaction(h -> h.createQuery("select p.id, (select coalesce(g->>'name', '') from chapters c, "
                        + "jsonb_array_elements(c.groups) g where c.groups @> jsonb_build_array(jsonb_build_object('id', p.id)) "
                        + "and g->>'id' = p.id limit 1) as name from unnest(cast(:ids as text[])) p(id)")
                .bindArray("ids", String.class, List.copyOf(ids))
                .map((rs, ctx) -> new String[] {rs.getString("id"), rs.getString("name")})
                .list().stream()
                .filter(row -> row[1] != null)
                .collect(Collectors.toMap(row -> row[0], row -> row[1], (a, b) -> a)));
    }

    /** Tags by id or (case-insensitive) name: what each given text names, as tag id to name; unknown ones absent. */
    public Map<String, String> tags(Collection<String> idsOrNames) {
        if (idsOrNames.isEmpty()) return Map.of();
        List<String> lower = idsOrNames.stream().map(String::toLowerCase).toList();
        return db.inTransaction(h -> h.createQuery("select id::text as id, name from tags "
                        + "where id::text = any (:keys) or lower(name) = any (:keys) order by name")
                .bindArray("keys", String.class, lower)
                .map((rs, ctx) -> Map.entry(rs.getString("id"), rs.getString("name")))
                .list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a,
                        java.util.LinkedHashMap::new)));
    }
}
