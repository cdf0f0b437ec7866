package com.mangahub.sync.notify.feed;

import java.time.Instant;

/**
 * What a feed says about itself. {@code id} names the reader's feed, not its token, so rotating the token keeps it
 * one feed; {@code updated} is its newest entry's time (when the token was made, for an empty feed).
 */
record FeedInfo(String id, String title, String description, String homeUrl, String selfUrl, Instant updated) {
    static final String AUTHOR = "MangaHub Sync";
}
