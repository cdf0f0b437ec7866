package com.mangahub.sync.notify.feed;

/** The feeds of a reader (three of the notification log, one calendar): the path's extension and the media type each is served as. */
enum FeedFormat {
    ATOM("atom", "application/atom+xml; charset=utf-8"),
    RSS("rss", "application/rss+xml; charset=utf-8"),
    JSON("json", "application/feed+json; charset=utf-8"),
    /** Not the log: the expected chapters of the reader's library (issue 28), for a calendar. */
    ICS("ics", "text/calendar; charset=utf-8");

    final String extension;
    final String mediaType;

    FeedFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    /** The feed's path for a token: what the reader's routes hand out and the feed routes answer. */
    String path(String token) {
        return "/feeds/" + token + "." + extension;
    }
}
