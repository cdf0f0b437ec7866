/**
 * The domain core: records for manga, chapters, tags and chapter numbers, and the pure rules about them (titles,
 * slugs, number ordering, when a series' next chapter is expected: {@link com.mangahub.sync.manga.ReleaseForecast}).
 * No I/O here; time comes in as a {@link java.time.Clock}.
 */
package com.mangahub.sync.manga;
