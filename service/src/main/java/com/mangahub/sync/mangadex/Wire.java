package com.mangahub.sync.mangadex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * MangaDex's JSON as typed records, loose where MangaDex is loose: enums are kept as text (new values appear),
 * every field may be null, unknown fields are ignored (see {@link JsonBodies}), and language maps accept the
 * {@code []} and {@code null} MangaDex sends for an empty map. Mapping to the domain cleans up the rest.
 */
final class Wire {
    private Wire() {}

    record Collection<A>(String result, List<Entity<A>> data, Integer limit, Integer offset, Integer total) {}

    record Single<A>(String result, Entity<A> data) {}

    record Entity<A>(UUID id, String type, A attributes, List<Relationship> relationships) {}

    /** A relationship; {@code attributes} is present only when expanded with {@code includes[]}, and varies by type. */
    record Relationship(UUID id, String type, String related, JsonNode attributes) {
        String attribute(String name) {
            JsonNode value = attributes == null ? null : attributes.get(name);
            return value == null || !value.isTextual() ? null : value.asText();
        }
    }

    record MangaAttributes(
            @JsonDeserialize(using = LanguageMap.class) Map<String, String> title,
            @JsonDeserialize(contentUsing = LanguageMap.class) List<Map<String, String>> altTitles,
            @JsonDeserialize(using = LanguageMap.class) Map<String, String> description,
            String originalLanguage,
            String lastChapter,
            String publicationDemographic,
            String status,
            Integer year,
            String contentRating,
            List<Entity<TagAttributes>> tags,
            UUID latestUploadedChapter,
            List<String> availableTranslatedLanguages,
            Instant createdAt,
            Instant updatedAt,
            Integer version) {}

    record TagAttributes(@JsonDeserialize(using = LanguageMap.class) Map<String, String> name, String group) {}

    record ChapterAttributes(
            String volume,
            String chapter,
            String title,
            String translatedLanguage,
            String externalUrl,
            Integer pages,
            Instant publishAt,
            Instant readableAt,
            Instant createdAt,
            Instant updatedAt,
            Integer version) {}

    /** {@code GET /manga/{id}/aggregate}: {@code volumes} (and a volume's {@code chapters}) may be {@code []}. */
    record Aggregate(String result, JsonNode volumes) {}

    /** A custom list (an "MDList"): its series are its {@code manga} relationships, all of them in one answer. */
    record ListAttributes(String name, String visibility, Integer version) {}

    /** MangaDex's error body; protection pages send HTML instead, so this is parsed only when it is JSON. */
    record Errors(String result, List<Error> errors) {}

    record Error(String title, String detail, Integer status) {}
}
