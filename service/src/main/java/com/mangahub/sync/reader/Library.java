package com.mangahub.sync.reader;

import com.mangahub.sync.store.LibraryStore;
import com.mangahub.sync.store.LibraryStore.LibraryEntry;
import com.mangahub.sync.store.LibraryStore.Series;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A user's library: following a series starts tracking it when nothing tracked it yet. */
public final class Library {
    private final LibraryStore store;
    private final TrackingStarter tracking;
    private final Clock clock;

    public Library(LibraryStore store, TrackingStarter tracking, Clock clock) {
        this.store = store;
        this.tracking = tracking;
        this.clock = clock;
    }

    /** What following asked for turned into. */
    public sealed interface FollowResult {
        record Followed(Series series, boolean newlyFollowed) implements FollowResult {}

        record UnknownSeries(UUID mangaDexId) implements FollowResult {}
    }

    public FollowResult follow(long userId, UUID mangaDexId) {
        Optional<Series> known = store.findSeries(mangaDexId);
        // the baseline must exist before the follow, or the series' back catalogue would look new
        if (known.isEmpty() || !known.get().tracked()) {
            if (!tracking.startTracking(mangaDexId)) return new FollowResult.UnknownSeries(mangaDexId);
            known = store.findSeries(mangaDexId);
        }
        if (known.isEmpty()) return new FollowResult.UnknownSeries(mangaDexId);
        boolean added = store.follow(userId, known.get().id(), clock.instant());
        return new FollowResult.Followed(known.get(), added);
    }

    /** False when the series is unknown or was not followed. */
    public boolean unfollow(long userId, UUID mangaDexId) {
        return store.findSeries(mangaDexId).map(s -> store.unfollow(userId, s.id())).orElse(false);
    }

    public List<LibraryEntry> list(long userId) {
        return store.list(userId);
    }
}
