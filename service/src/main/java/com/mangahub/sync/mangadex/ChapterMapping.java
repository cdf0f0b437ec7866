package com.mangahub.sync.mangadex;

import static com.mangahub.sync.mangadex.MangaMapping.bad;
import static com.mangahub.sync.mangadex.MangaMapping.orEmpty;
import static com.mangahub.sync.mangadex.MangaMapping.required;
import static com.mangahub.sync.mangadex.MangaMapping.text;

import com.mangahub.sync.manga.Chapter;
import com.mangahub.sync.manga.ChapterNumber;
import com.mangahub.sync.manga.ScanlationGroup;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** MangaDex's chapter entity to {@link Chapter}: the series, groups and uploader come from relationships. */
final class ChapterMapping {
    private ChapterMapping() {}

    static Chapter toChapter(Wire.Entity<Wire.ChapterAttributes> entity) {
        Wire.ChapterAttributes a = entity.attributes();
        if (entity.id() == null || a == null) throw bad("a chapter without id or attributes");
        List<Wire.Relationship> relationships = orEmpty(entity.relationships());
        UUID mangaId = first(relationships, "manga")
                .orElseThrow(() -> bad("chapter " + entity.id() + " without a manga relationship"));
        String language = text(a.translatedLanguage())
                .orElseThrow(() -> bad("chapter " + entity.id() + " without translatedLanguage"));
        Instant createdAt = required(a.createdAt(), "createdAt", entity);
        Instant publishAt = a.publishAt() != null ? a.publishAt() : createdAt;
        int pages = a.pages() == null ? 0 : a.pages();
        Optional<String> externalUrl = text(a.externalUrl());
        return new Chapter(
                entity.id(),
                mangaId,
                language,
                ChapterNumber.parse(a.chapter()),
                text(a.volume()),
                text(a.title()),
                pages,
                externalUrl,
                groups(relationships),
                // The uploader is a "user" relationship, never an attribute.
                first(relationships, "user"),
                publishAt,
                Chapter.readableSince(Optional.ofNullable(a.readableAt()), publishAt, createdAt, externalUrl, pages),
                createdAt,
                required(a.updatedAt(), "updatedAt", entity),
                a.version() == null ? 1 : a.version());
    }

    /** Every credited group (a chapter may credit up to five), with its name when expanded. */
    private static List<ScanlationGroup> groups(List<Wire.Relationship> relationships) {
        return relationships.stream().filter(r -> "scanlation_group".equals(r.type()) && r.id() != null)
                .map(r -> new ScanlationGroup(r.id(), Objects.requireNonNullElse(r.attribute("name"), "")))
                .toList();
    }

    private static Optional<UUID> first(List<Wire.Relationship> relationships, String type) {
        return relationships.stream().filter(r -> type.equals(r.type())).map(Wire.Relationship::id)
                .filter(Objects::nonNull).findFirst();
    }
}
