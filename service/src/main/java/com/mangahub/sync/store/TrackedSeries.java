package com.mangahub.sync.store;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A stored series as the sync workflows see it.
 *
 * @param trackedSince when its baseline was taken; empty for a catalogue-only series whose chapters we ignore
 */
public record TrackedSeries(long id, UUID mangadexId, String title, Optional<Instant> trackedSince,
                            Optional<UUID> latestUploadedChapter, Optional<String> latestChapter,
                            int mangadexVersion) {
    public boolean tracked() {
        return trackedSince.isPresent();
    }
}
