package com.mangahub.sync.store;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A stored series as the sync workflows see it.
 *
 * @param trackedSince    when tracking started (a follow was accepted); empty for a catalogue-only series whose
 *                        chapters we ignore. A chapter readable before it is back catalogue, after it new.
 * @param baselinePending tracked, but which numbers were readable before {@code trackedSince} is not known yet: it
 *                        is taken when the series first shows activity, before any of its chapters is judged
 */
public record TrackedSeries(long id, UUID mangadexId, String title, Optional<Instant> trackedSince,
                            Optional<UUID> latestUploadedChapter, Optional<String> latestChapter,
                            int mangadexVersion, boolean baselinePending) {
    public boolean tracked() {
        return trackedSince.isPresent();
    }
}
