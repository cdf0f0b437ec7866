/**
 * The MangaDex edge: the {@link com.mangahub.sync.mangadex.MangaDexApi} contract and its one implementation,
 * {@link com.mangahub.sync.mangadex.MangaDexClient}, with its sealed error family
 * {@link com.mangahub.sync.mangadex.MangaDexException}.
 *
 * <p>A call goes {@code MangaDexClient} (query and paging rules: explicit ratings, order and includes, batches of
 * 100 ids, 500-chapter feed pages, keyset past the 10,000 window) → {@code Transport} (circuit breaker
 * {@code Breaker}, shared {@code RateGate}, bounded {@code CappedBody}, {@code Backoff} retries) → {@code Verdicts}
 * (what each status means, 429 and ban pauses via {@code RetryAfter}) → {@code JsonBodies} (strict parsing into the
 * loose {@code Wire} records, every text made storable on the way by {@code StorableText} and its repairs counted and
 * logged by {@code TextRepairs}) → {@code MangaMapping}, {@code ChapterMapping}, {@code AggregateMapping} (quirks
 * cleaned into the domain records). Time and waiting are injected ({@link java.time.Clock},
 * {@link com.mangahub.sync.time.Sleeper}).
 *
 * <p>Every request has a {@link com.mangahub.sync.mangadex.RequestPriority} (detection, a reader waiting, bulk work),
 * set by the workflow around it; the gate serves the more urgent first and keeps bulk work off the last slot of each
 * second.
 *
 * <p>{@link com.mangahub.sync.mangadex.CoverImages} fetches cover thumbnails from MangaDex's image host (not the API:
 * no API budget, a few at a time, capped and checked to be images) for the cover proxy.
 *
 * <p>A reader's own account: {@link com.mangahub.sync.mangadex.AuthServer} logs in at MangaDex's auth server (another
 * host, outside the API budget) and {@link com.mangahub.sync.mangadex.UserLibraryApi} reads follows and read markers
 * with the reader's access token, through the same rate gate as everything else.
 *
 * <p>The API client, the cover fetcher and the auth server share one HTTP client per process,
 * {@link com.mangahub.sync.mangadex.MangaDexHttp}: one selector thread and one connection pool, not three.
 */
package com.mangahub.sync.mangadex;
