package com.mangahub.sync.reader;

import java.util.UUID;

/**
 * Starts tracking a series' chapters when a user follows a series nothing tracked yet: from that instant every chapter
 * that becomes readable is judged (its baseline is taken with its first activity). The sync side implements it;
 * notify only calls it, so notify never depends on sync.
 */
@FunctionalInterface
public interface TrackingStarter {
    /**
     * Makes sure the series is in the catalogue and tracked. Returns false when the series does not exist (MangaDex
     * does not know it); throws when tracking could not be started now.
     */
    boolean startTracking(UUID mangaDexId);
}
