package com.mangahub.sync.store;

import com.mangahub.sync.manga.ChapterNumber;
import java.time.Instant;
import java.util.UUID;

/** A chapter row as the workflows need it back: identity, reader identity and release state. */
public record StoredChapter(long rowId, UUID chapterId, long mangaId, String language, ChapterNumber number,
                            Instant publishedAt, boolean releasePending, int version) {}
