package com.mangahub.sync.reader;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What a library import needs from MangaDex, implemented by the sync side (reader never depends on it): the series
 * of a public list, and catalogue entries for series we lack, fetched 100 per request.
 */
public interface SeriesSource {
    /** The series of the public MangaDex list with this id; empty when there is none or it is private. */
    Optional<List<UUID>> publicList(UUID listId);

    /** Adds to the catalogue what it lacks of {@code ids}; returns the ids it now holds (the others: not found). */
    Set<UUID> addToCatalogue(Collection<UUID> ids);

    /** MangaDex cannot be asked now (rate gate closed, breaker open, unreachable): the import may be retried. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
