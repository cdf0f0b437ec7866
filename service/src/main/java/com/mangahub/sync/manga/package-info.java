/**
 * The domain core: records for manga, chapters, tags and chapter numbers, and the pure rules about them (titles,
 * slugs, number ordering). No I/O here.
 */
package com.mangahub.sync.manga;
