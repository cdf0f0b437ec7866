package com.mangahub.sync.mangadex;

import com.mangahub.sync.manga.Manga;
import com.mangahub.sync.manga.Tag;
import com.mangahub.sync.manga.Titles;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** MangaDex's manga entity, quirks and all, to the clean {@link Manga} record. */
final class MangaMapping {
    /** The display title of a series with no title in any language (seen with freshly created entries). */
    static final String UNTITLED = "Untitled";

    private MangaMapping() {}

    static Manga toManga(Wire.Entity<Wire.MangaAttributes> entity) {
        Wire.MangaAttributes a = entity.attributes();
        if (entity.id() == null || a == null) throw bad("a manga without id or attributes");
        Map<String, String> titles = orEmpty(a.title());
        List<Map<String, String>> altTitles = a.altTitles() == null ? List.of()
                : a.altTitles().stream().filter(Objects::nonNull).toList();
        List<Wire.Relationship> relationships = orEmpty(entity.relationships());
        return new Manga(
                entity.id(),
                Titles.preferred(titles, altTitles).orElse(UNTITLED),
                titles,
                altTitles,
                Titles.english(orEmpty(a.description())),
                names(relationships, "author"),
                names(relationships, "artist"),
                text(a.status()),
                text(a.publicationDemographic()),
                Optional.ofNullable(a.year()),
                text(a.contentRating()),
                text(a.originalLanguage()),
                relationships.stream().filter(r -> "cover_art".equals(r.type()))
                        .map(r -> r.attribute("fileName")).filter(Objects::nonNull).findFirst(),
                tags(orEmpty(a.tags())),
                Optional.ofNullable(a.latestUploadedChapter()),
                // lastChapter is the FINAL chapter of an ended series; "" and null both mean "not ended / unknown".
                text(a.lastChapter()),
                orEmpty(a.availableTranslatedLanguages()).stream().filter(Objects::nonNull).toList(),
                required(a.createdAt(), "createdAt", entity),
                required(a.updatedAt(), "updatedAt", entity),
                a.version() == null ? 1 : a.version());
    }

    /** Names of expanded author/artist relationships; a bare reference (not expandable) has no name to show. */
    private static List<String> names(List<Wire.Relationship> relationships, String type) {
        return relationships.stream().filter(r -> type.equals(r.type()))
                .map(r -> r.attribute("name")).filter(n -> n != null && !n.isBlank()).map(String::strip)
                .distinct().toList();
    }

    /** Tags ordered by group, then name, so "tags by group" reads the same on every sync. */
    private static List<Tag> tags(List<Wire.Entity<Wire.TagAttributes>> tags) {
        return tags.stream().filter(t -> t != null && t.id() != null && t.attributes() != null)
                .map(t -> new Tag(t.id(), Titles.english(orEmpty(t.attributes().name())).orElse(""),
                        Objects.requireNonNullElse(t.attributes().group(), "")))
                .sorted(Comparator.comparing(Tag::group).thenComparing(Tag::name))
                .toList();
    }

    static Optional<String> text(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }

    static Instant required(Instant value, String field, Wire.Entity<?> entity) {
        if (value == null) throw bad(entity.type() + " " + entity.id() + " without " + field);
        return value;
    }

    static MangaDexException.BadResponse bad(String what) {
        return new MangaDexException.BadResponse("MangaDex sent " + what, null);
    }
}
