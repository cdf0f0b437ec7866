package com.mangahub.sync.store;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A persisted asynchronous job: what to run, its state, and its progress, result or error as JSON text. */
public record Job(UUID id, String kind, String paramsJson, String status, Optional<String> progressJson,
                  Optional<String> resultJson, Optional<String> error, Instant submittedAt, Optional<Instant> startedAt,
                  Optional<Instant> finishedAt) {}
