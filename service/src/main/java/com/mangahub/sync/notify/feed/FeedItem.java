package com.mangahub.sync.notify.feed;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * One notification as a feed entry, every format's fields in one place. {@code id} is stable for the notification
 * (its log id), so a feed reader that has shown it never shows it again, whatever else changes in the feed.
 */
record FeedItem(String id, String type, String title, URI link, String series, String mangaId, String chapter,
                String oldChapter, String chapterTitle, String volume, List<String> groups, String language,
                String chapterId, String externalUrl, Instant updated, String text) {

    /** The entry's categories (Atom), categories (RSS) and tags (JSON Feed): what a reader filters by. */
    List<String> tags() {
        var tags = new java.util.ArrayList<String>();
        if (series != null && !series.isEmpty()) tags.add(series);
        if (language != null) tags.add(language);
        tags.addAll(groups);
        return tags;
    }
}
