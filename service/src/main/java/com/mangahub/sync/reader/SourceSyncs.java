package com.mangahub.sync.reader;

/**
 * Syncs one library source now, on the caller's thread, at bulk priority; implemented by the sync side (reader never
 * depends on it). The outcome is the source's state afterwards (last sync, what it changed, last error, pause).
 */
@FunctionalInterface
public interface SourceSyncs {
    void syncNow(long sourceId);
}
