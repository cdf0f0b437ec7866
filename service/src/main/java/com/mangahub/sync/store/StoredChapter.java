package com.mangahub.sync.store;

import com.mangahub.sync.manga.ChapterNumber;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A chapter row as the workflows need it back: identity, reader identity, its link and release state. */
public record StoredChapter(long rowId, UUID chapterId, long mangaId, String language, ChapterNumber number,
                            Optional<String> externalUrl, Instant readableAt, boolean releasePending, int version) {}
