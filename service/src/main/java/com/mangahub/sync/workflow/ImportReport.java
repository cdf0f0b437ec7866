package com.mangahub.sync.workflow;

/**
 * How an import ended.
 *
 * @param skipped  a completed import of at least this size existed and {@code --force} was not given
 * @param imported series stored in this import, over all its runs (a resumed one counts what it did before)
 * @param requests list requests this run made
 * @param exhausted MangaDex had fewer series than asked for
 */
public record ImportReport(boolean skipped, int imported, int target, int requests, long millis, boolean exhausted) {}
