package com.mangahub.sync.simulator;

import com.mangahub.sync.simulator.ChapterEntry.TimeField;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The filters of a chapter list, precomputed into plain fields: a whole-site page may test all 200,000 chapters
 * (to count {@code total}), so the test must cost a few nanoseconds, not an iterator and a few Optionals each.
 */
final class ChapterFilter {
    private static final int ANY = -1;

    final Optional<UUID> manga;
    final Set<UUID> ids;
    final Map<TimeField, Instant> since;
    private final UUID mangaId;
    private final Set<String> languages;
    private final boolean[] languageAllowed;
    private final Set<UUID> groups;
    private final boolean[] ratingAllowed = new boolean[ContentRating.values().length];
    private final Instant createdSince;
    private final Instant updatedSince;
    private final Instant publishSince;
    private final boolean hideFuture;
    private final int future;
    private final int emptyPages;
    private final int external;
    private final Instant now;
    private final long createdSinceMillis;
    private final long updatedSinceMillis;
    private final long publishSinceMillis;
    private final long nowMillis;

    ChapterFilter(Optional<UUID> manga, Set<UUID> ids, Set<String> languages, Set<UUID> groups,
                  Set<ContentRating> ratings, Map<TimeField, Instant> since, Optional<Boolean> futurePublishAt,
                  Optional<Boolean> emptyPages, Optional<Boolean> externalUrl, Instant now) {
        this.manga = manga;
        this.ids = ids;
        this.since = Map.copyOf(since);
        this.mangaId = manga.orElse(null);
        this.languages = languages.isEmpty() ? null : languages;
        this.languageAllowed = languages.isEmpty() ? null : languageCodes(languages);
        this.groups = groups.isEmpty() ? null : groups;
        for (ContentRating r : ratings) ratingAllowed[r.ordinal()] = true;
        this.createdSince = since.get(TimeField.CREATED_AT);
        this.updatedSince = since.get(TimeField.UPDATED_AT);
        this.publishSince = since.get(TimeField.PUBLISH_AT);
        // MangaDex: with none of the three include* flags set, chapters not yet published are hidden
        this.hideFuture = futurePublishAt.isEmpty() && emptyPages.isEmpty() && externalUrl.isEmpty();
        this.future = tri(futurePublishAt);
        this.emptyPages = tri(emptyPages);
        this.external = tri(externalUrl);
        this.now = now;
        this.createdSinceMillis = Columns.millis(createdSince);
        this.updatedSinceMillis = Columns.millis(updatedSince);
        this.publishSinceMillis = Columns.millis(publishSince);
        this.nowMillis = now.toEpochMilli();
    }

    private static boolean[] languageCodes(Set<String> languages) {
        short[] codes = new short[languages.size()];
        int i = 0;
        for (String language : languages) codes[i++] = Columns.languageCode(language);
        boolean[] allowed = new boolean[Columns.languageCount() + 1];
        for (short code : codes) allowed[code] = true;
        return allowed;
    }

    /** The same test as {@link #test(ChapterEntry)}, on the primitive columns of an ordering. */
    boolean test(Columns c, int i) {
        if (!ratingAllowed[c.rating()[i]]) return false;
        if (languageAllowed != null) {
            short code = c.language()[i];
            if (code >= languageAllowed.length || !languageAllowed[code]) return false;
        }
        if (createdSince != null && c.createdMillis()[i] < createdSinceMillis) return false;
        if (updatedSince != null && c.updatedMillis()[i] < updatedSinceMillis) return false;
        if (publishSince != null && c.publishMillis()[i] < publishSinceMillis) return false;
        if (mangaId != null || !ids.isEmpty() || groups != null) return test(c.entries()[i]);
        boolean isFuture = c.publishMillis()[i] > nowMillis;
        if (hideFuture) return !isFuture;
        byte flags = c.flags()[i];
        return matches(future, isFuture) && matches(emptyPages, (flags & Columns.NO_PAGES) != 0)
                && matches(external, (flags & Columns.EXTERNAL) != 0);
    }

    private static int tri(Optional<Boolean> flag) {
        return flag.map(b -> b ? 1 : 0).orElse(ANY);
    }

    boolean test(ChapterEntry c) {
        if (!ratingAllowed[c.rating().ordinal()]) return false;
        if (languages != null && !languages.contains(c.language())) return false;
        if (mangaId != null && !mangaId.equals(c.mangaId())) return false;
        if (!ids.isEmpty() && !ids.contains(c.id())) return false;
        if (createdSince != null && c.createdAt().isBefore(createdSince)) return false;
        if (updatedSince != null && c.updatedAt().isBefore(updatedSince)) return false;
        if (publishSince != null && c.publishAt().isBefore(publishSince)) return false;
        if (groups != null && !anyGroup(c)) return false;
        boolean isFuture = c.publishAt().isAfter(now);
        if (hideFuture) return !isFuture;
        return matches(future, isFuture) && matches(emptyPages, c.pages() == 0) && matches(external, c.externalUrl() != null);
    }

    /** A three-valued include* flag: 1 keeps only those chapters, 0 drops them, unset keeps all. */
    private static boolean matches(int flag, boolean value) {
        return flag == ANY || (flag == 1) == value;
    }

    private boolean anyGroup(ChapterEntry c) {
        for (UUID g : c.groups()) if (groups.contains(g)) return true;
        return false;
    }
}
