/**
 * The sync workflows, one class each: {@link com.mangahub.sync.workflow.InitialImport}, the new-manga poll, the
 * whole-site chapter stream, tracking that starts when a follow is accepted ({@link com.mangahub.sync.workflow.Tracking};
 * a series' baseline is taken with its first activity), the reconciliation sweep and the manual sync of one series,
 * the catalogue look-ups of a library import ({@link com.mangahub.sync.workflow.SeriesLookup}), finding any series
 * through MangaDex's own search ({@link com.mangahub.sync.workflow.CatalogueSearch}); their scheduling across instances (one PostgreSQL advisory lock per workflow, and one
 * MangaDex budget for all of them: {@link com.mangahub.sync.workflow.ClusterRateBudget}), the
 * persisted jobs, and their HTTP routes, the catalogue's, its tag and group names' and its cover proxy's
 * ({@link com.mangahub.sync.workflow.CoverRoutes}) among them. Catalogue changes and their outbox events commit in one
 * transaction; a chapter PostgreSQL refuses to store is quarantined ({@code ChapterQuarantine}) so the chapter stream's
 * cursor always moves on. Library sources are read again on their interval by
 * {@link com.mangahub.sync.workflow.SourceSync}, as bulk work, and applied through the one bulk follow path.
 */
package com.mangahub.sync.workflow;
