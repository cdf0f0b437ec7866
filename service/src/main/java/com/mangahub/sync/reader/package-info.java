/**
 * Readers: accounts and their API tokens (only a hash stored, {@link com.mangahub.sync.reader.UserAccounts}), who is
 * calling ({@link com.mangahub.sync.reader.RequestAuth}: a reader's token or the admin token), the token's lifecycle
 * (rotation, an optional maximum age, the operator's list, disable, enable and delete:
 * {@link com.mangahub.sync.reader.AccountRoutes}), and the library a
 * reader follows ({@link com.mangahub.sync.reader.Library}), with their HTTP routes. Following a series nothing
 * tracks yet starts tracking it through {@link com.mangahub.sync.reader.TrackingStarter}, which the composition root
 * wires to the workflows, so this package never depends on {@code workflow} or on delivery ({@code notify}).
 * The reader's controls ({@link com.mangahub.sync.reader.ReaderControls}: per-series settings, reading progress,
 * reader-wide preferences) are validated here and applied by the fan-out's one statement in {@code store}; a library
 * comes in through {@link com.mangahub.sync.reader.LibraryImport} (Mihon backups, JSON, CSV, public MangaDex lists,
 * asked of MangaDex through {@link com.mangahub.sync.reader.SeriesSource}, which the composition root also wires to
 * the workflows) and goes out as JSON the import reads back. What one reader may ask is capped in
 * {@link com.mangahub.sync.reader.ReaderLimits}: requests from a token bucket (spent by {@code RequestAuth.user}, which
 * every reader route calls) and follows, imports and MangaDex searches in flight. What comes next in a reader's
 * library ({@link com.mangahub.sync.reader.Upcoming}, {@code GET /api/me/upcoming}) is the domain's
 * {@link com.mangahub.sync.manga.ReleaseForecast} over the release history {@code store} reads.
 * Library sources a reader links (their MangaDex account,
 * MangaDex lists) are managed by {@link com.mangahub.sync.reader.SourceRoutes} and synced by the sync side through
 * {@link com.mangahub.sync.reader.SourceSyncs}; reading apps sync through the SyncYomi protocol
 * ({@link com.mangahub.sync.reader.SyncYomiRoutes}, keys by {@link com.mangahub.sync.reader.SyncKeys}), whose uploads
 * take the Mihon import's path.
 */
package com.mangahub.sync.reader;
