package com.mangahub.sync.mangadex;

import java.util.List;

/**
 * Filters for {@code GET /manga/{id}/feed}. Feeds hide chapters whose publishAt is in the future unless
 * {@code includeFuturePublishAt}; content ratings come from configuration when empty (a pornographic series'
 * feed is empty unless that rating is sent).
 */
public record FeedQuery(List<String> languages, boolean includeFuturePublishAt, List<String> contentRatings) {
    public static FeedQuery languages(List<String> languages) {
        return new FeedQuery(languages, false, List.of());
    }
}
