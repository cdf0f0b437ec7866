package com.mangahub.sync.reader;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangahub.sync.manga.ChapterNumber;
import com.mangahub.sync.manga.MangaDexRefs;
import com.mangahub.sync.store.ReaderControlsStore;
import com.mangahub.sync.store.ReaderControlsStore.Preferences;
import com.mangahub.sync.store.ReaderControlsStore.SeriesControls;
import com.mangahub.sync.store.ReaderControlsStore.SeriesSettings;
import com.mangahub.sync.web.ApiError;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The reader's controls: per-series settings, reading progress and reader-wide preferences, validated whole before
 * anything is written (a request with one bad field changes nothing) and answered with group and tag names, so a
 * reader sees what the ids mean.
 */
public final class ReaderControls {
    static final Set<String> RATINGS = Set.of("safe", "suggestive", "erotica", "pornographic");
    static final Set<String> DEMOGRAPHICS = Set.of("shounen", "shoujo", "seinen", "josei", "none");
    /** A chapter number as MangaDex writes one (at most 8 characters), and a number, so it can be compared. */
    private static final Pattern CHAPTER = Pattern.compile("[0-9]{1,6}(\\.[0-9]{1,3})?");
    private static final Set<String> SERIES_FIELDS = Set.of("languages", "groups_only", "groups_never",
            "uploaders_never", "muted");

    private final ReaderControlsStore store;
    private final Clock clock;

    public ReaderControls(ReaderControlsStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public ReaderControlsStore store() {
        return store;
    }

    /** Applies the fields present in {@code body} over the current settings; false when the series is not followed. */
    public boolean patchSeries(long userId, long mangaId, JsonNode body) {
        refuseUnknown(body, SERIES_FIELDS);
        SeriesControls current = store.series(userId, mangaId).orElse(null);
        if (current == null) return false;
        SeriesSettings s = current.settings();
        List<String> languages = body.has("languages") ? emptyAsNull(ListInput.languages(body.get("languages"), "languages"))
                : s.languages();
        List<String> only = body.has("groups_only") ? knownGroups(body.get("groups_only"), "groups_only") : s.groupsOnly();
        List<String> never = body.has("groups_never") ? knownGroups(body.get("groups_never"), "groups_never")
                : s.groupsNever();
        List<String> uploaders = body.has("uploaders_never")
                ? orEmpty(ListInput.ids(body.get("uploaders_never"), "uploaders_never", MangaDexRefs.Kind.USER))
                : s.uploadersNever();
        Boolean muted = ListInput.bool(body.get("muted"), "muted");
        return store.saveSettings(userId, mangaId, new SeriesSettings(languages, only, never, uploaders,
                muted == null ? s.muted() : muted));
    }

    /** Sets the progress from {@code {"chapter": "12"}} (null clears it); false when the series is not followed. */
    public boolean setProgress(long userId, long mangaId, JsonNode chapterNode) {
        String chapter = chapterText(chapterNode);
        BigDecimal key = chapter == null ? null : ChapterNumber.parse(chapter).sortKey().orElseThrow();
        return store.saveProgress(userId, mangaId, chapter, key, clock.instant());
    }

    /** A chapter number the progress rule can compare: "12", "6.5"; not "abc", not "Extra", not a list. */
    static String chapterText(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (!node.isTextual() && !node.isNumber()) throw ApiError.badRequest("chapter", "chapter must be a chapter number such as \"12\" or \"6.5\"");
        String text = node.asText().strip();
        if (!CHAPTER.matcher(text).matches()) {
            throw ApiError.badRequest("chapter", "chapter must be a chapter number such as \"12\" or \"6.5\"");
        }
        return text;
    }

    public Map<String, Object> describe(SeriesControls c) {
        SeriesSettings s = c.settings();
        Map<String, String> names = store.groupNames(union(s.groupsOnly(), s.groupsNever()));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("languages", s.languages());
        settings.put("groups_only", named(s.groupsOnly(), names));
        settings.put("groups_never", named(s.groupsNever(), names));
        settings.put("uploaders_never", s.uploadersNever());
        settings.put("muted", s.muted());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("settings", settings);
        out.put("progress", c.progress() == null ? null
                : Map.of("chapter", c.progress(), "updated_at", c.progressUpdatedAt()));
        return out;
    }

    public Map<String, Object> preferences(long userId) {
        Preferences p = store.preferences(userId);
        Map<String, String> tagNames = store.tags(union(p.newMangaTagsIncluded(), p.newMangaTagsExcluded()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("languages", p.languages());
        out.put("groups_never", p.groupsNever());
        out.put("group_names", store.groupNames(p.groupsNever()));
        out.put("new_manga", p.newManga());
        out.put("new_manga_content_ratings", p.newMangaRatings());
        out.put("new_manga_original_languages", p.newMangaLanguages());
        out.put("new_manga_demographics", p.newMangaDemographics());
        out.put("new_manga_tags_included", p.newMangaTagsIncluded().stream().map(id -> tagNames.getOrDefault(id, id)).toList());
        out.put("new_manga_tags_excluded", p.newMangaTagsExcluded().stream().map(id -> tagNames.getOrDefault(id, id)).toList());
        out.put("manga_update", p.mangaUpdate());
        out.put("content_ratings", p.contentRatings());
        out.put("skip_read_chapters", p.skipReadChapters());
        out.put("read_advances_progress", p.readAdvancesProgress());
        out.put("status_change", p.statusChange());
        out.put("first_chapter", p.firstChapter());
        return out;
    }

    /** Applies the fields present in {@code body}; every field is checked before the one write. */
    public void patchPreferences(long userId, JsonNode body) {
        refuseUnknown(body, Set.of("languages", "groups_never", "new_manga", "new_manga_content_ratings",
                "new_manga_original_languages", "new_manga_demographics", "new_manga_tags_included",
                "new_manga_tags_excluded", "manga_update", "content_ratings", "skip_read_chapters",
                "read_advances_progress", "status_change", "first_chapter", "group_names"));
        Preferences p = store.preferences(userId);
        List<String> languages = p.languages();
        if (body.has("languages")) {
            languages = orEmpty(ListInput.languages(body.get("languages"), "languages"));
            if (languages.isEmpty()) throw ApiError.badRequest("languages", "languages: at least one language code");
        }
        store.savePreferences(userId, new Preferences(languages,
                body.has("groups_never") ? knownGroups(body.get("groups_never"), "groups_never") : p.groupsNever(),
                flag(body, "new_manga", p.newManga()),
                body.has("new_manga_content_ratings") ? orEmpty(ListInput.oneOf(body.get("new_manga_content_ratings"),
                        "new_manga_content_ratings", RATINGS)) : p.newMangaRatings(),
                body.has("new_manga_original_languages") ? orEmpty(ListInput.languages(
                        body.get("new_manga_original_languages"), "new_manga_original_languages")) : p.newMangaLanguages(),
                body.has("new_manga_demographics") ? orEmpty(ListInput.oneOf(body.get("new_manga_demographics"),
                        "new_manga_demographics", DEMOGRAPHICS)) : p.newMangaDemographics(),
                body.has("new_manga_tags_included") ? knownTags(body.get("new_manga_tags_included"),
                        "new_manga_tags_included") : p.newMangaTagsIncluded(),
                body.has("new_manga_tags_excluded") ? knownTags(body.get("new_manga_tags_excluded"),
                        "new_manga_tags_excluded") : p.newMangaTagsExcluded(),
                flag(body, "manga_update", p.mangaUpdate()),
                body.has("content_ratings") ? orEmpty(ListInput.oneOf(body.get("content_ratings"), "content_ratings",
                        RATINGS)) : p.contentRatings(),
                flag(body, "skip_read_chapters", p.skipReadChapters()),
                flag(body, "read_advances_progress", p.readAdvancesProgress()),
                flag(body, "status_change", p.statusChange()),
                flag(body, "first_chapter", p.firstChapter())));
    }

    private static boolean flag(JsonNode body, String field, boolean current) {
        Boolean value = ListInput.bool(body.get(field), field);
        return value == null ? current : value;
    }

    /** Group ids a reader names must be groups we know (credited on a stored chapter): a typo would filter nothing. */
    private List<String> knownGroups(JsonNode node, String field) {
        List<String> ids = orEmpty(ListInput.ids(node, field, MangaDexRefs.Kind.GROUP));
        Map<String, String> known = store.groupNames(ids);
        ids.stream().filter(id -> !known.containsKey(id)).findFirst().ifPresent(id -> {
            throw ApiError.badRequest(field, field + ": unknown scanlation group id " + id);
        });
        return ids;
    }

    private List<String> knownTags(JsonNode node, String field) {
        List<String> given = orEmpty(ListInput.strings(node, field, "tag names or ids", s -> s.isEmpty() ? null : s));
        Map<String, String> known = store.tags(given);
        List<String> ids = new ArrayList<>();
        for (String g : given) {
            String id = known.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(g) || e.getValue().equalsIgnoreCase(g))
                    .map(Map.Entry::getKey).findFirst()
                    .orElseThrow(() -> ApiError.badRequest(field, field + ": unknown tag '" + g + "'"));
            if (!ids.contains(id)) ids.add(id);
        }
        return ids;
    }

    private static void refuseUnknown(JsonNode body, Set<String> allowed) {
        body.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) throw ApiError.badRequest(name, name + " is not a setting here");
        });
    }

    private static List<Map<String, String>> named(List<String> ids, Map<String, String> names) {
        return ids.stream().map(id -> Map.of("id", id, "name", names.getOrDefault(id, ""))).toList();
    }

    private static List<String> union(Collection<String> a, Collection<String> b) {
        List<String> out = new ArrayList<>(a);
        b.stream().filter(x -> !out.contains(x)).forEach(out::add);
        return out;
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }

    private static List<String> emptyAsNull(List<String> list) {
        return list == null || list.isEmpty() ? null : list;
    }
}
