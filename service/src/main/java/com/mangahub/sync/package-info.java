/**
 * MangaHub Sync: mirrors MangaDex into PostgreSQL, detects new manga and chapters, and notifies followers.
 * {@link com.mangahub.sync.App} is the composition root; {@link com.mangahub.sync.Main} the process entry.
 */
package com.mangahub.sync;
