package com.mangahub.sync.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.mangadex.MangaDexApi;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.store.SyncStateStore;
import java.time.Clock;

/**
 * What every workflow works with: the database, MangaDex, the workflows' saved states, the settings, the clock, the
 * meters, the outbox events they write and the one JSON mapper. {@link Workflows} builds it once, so a workflow's
 * constructor names only what is its own (another workflow it builds on).
 */
record WorkflowContext(Database db, MangaDexApi api, SyncStateStore states, SyncSettings settings, Clock clock,
                       SyncMetrics metrics, SyncEvents events, ObjectMapper json) {}
