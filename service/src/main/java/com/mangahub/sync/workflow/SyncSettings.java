package com.mangahub.sync.workflow;

import com.mangahub.sync.config.Config;
import java.time.Duration;
import java.util.List;

/**
 * What the workflows need from configuration. Content ratings are always sent explicitly: MangaDex's default
 * hides pornographic series, even from their own feeds.
 */
record SyncSettings(List<String> languages, List<String> contentRatings, Duration overlap, int pageSize) {
    static final int MAX_PAGE = 100;

    static SyncSettings from(Config config) {
        return new SyncSettings(config.sync().languages(), config.mangadex().contentRatings(), config.sync().overlap(),
                config.sync().chapterBatchSize());
    }
}
