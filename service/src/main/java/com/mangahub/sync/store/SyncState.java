package com.mangahub.sync.store;

import java.time.Instant;
import java.util.Optional;

/** One workflow's row of {@code sync_state}: what it is doing, how it last ended, and where it resumes. */
public record SyncState(String workflow, String status, Optional<Instant> lastRunAt, Optional<Instant> lastSuccessAt,
                        Optional<String> cursor, Optional<String> errorMessage, String metadataJson) {}
