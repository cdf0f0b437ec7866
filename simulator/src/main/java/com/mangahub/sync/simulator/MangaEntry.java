package com.mangahub.sync.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A series as the world holds it. {@code fixedAttributes} are the attributes that never change here (title, tags,
 * links, ...) exactly as generated or loaded; the fields that do change are kept typed and overlaid when rendered,
 * so a fixture series renders the same JSON it was loaded from until the world touches it.
 *
 * @param latestUploadAt createdAt of {@code latestUploadedChapter} when that chapter is in the world, else null
 *                       (a loaded series points at a chapter the world does not hold)
 */
record MangaEntry(UUID id, ObjectNode fixedAttributes, List<Relation> relationships, ContentRating rating,
                  String status, String originalLanguage, Integer year, Instant createdAt, Instant updatedAt,
                  int version, Set<String> languages, UUID latestUploadedChapter, Instant latestUploadAt,
                  String searchText, String sortTitle) {

    /** {@code allLanguages} keeps its order: MangaDex lists languages in the order they first appeared. */
    MangaEntry withLatest(UUID chapterId, Instant uploadedAt, Set<String> allLanguages) {
        return new MangaEntry(id, fixedAttributes, relationships, rating, status, originalLanguage, year, createdAt,
                updatedAt, version, Collections.unmodifiableSet(new LinkedHashSet<>(allLanguages)), chapterId, uploadedAt,
                searchText, sortTitle);
    }

    /** An editor set the series' status: a new version, updated now, the rendered attribute changed in place. */
    MangaEntry withStatus(String newStatus, Instant now) {
        ObjectNode attributes = fixedAttributes.deepCopy();
        attributes.put("status", newStatus);
        return new MangaEntry(id, attributes, relationships, rating, newStatus, originalLanguage, year, createdAt, now,
                version + 1, languages, latestUploadedChapter, latestUploadAt, searchText, sortTitle);
    }

    /** Orders by the latest upload; a series whose latest chapter lies outside the world sorts by its updatedAt. */
    Instant latestActivity() {
        return latestUploadAt != null ? latestUploadAt : updatedAt;
    }
}
