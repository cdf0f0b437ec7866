package com.mangahub.sync.store;

import com.mangahub.sync.manga.ChapterNumber;
import java.time.Instant;
import java.util.Collection;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The (manga, language, number) triples a reader already has: the gate that decides "new for a reader". Inserting
 * a triple succeeds once; whoever succeeds announces the chapter (or, for a baseline, silently knows it).
 */
public final class KnownChapters {
    private static final String INSERT = "insert into reader_chapters (manga_id, language, number, number_key, "
            + "announced, known_since, readable_at) values (:mangaId, :language, :number, :numberKey, :announced, :now, "
            + ":readableAt) on conflict do nothing";

    /** A chapter number in one language, as the reader sees it. */
    public record Key(String language, ChapterNumber number) {}

    /**
     * A number and when it first became readable: the release history a forecast reads. Listed in readable order,
     * the first upload of a number sets it (the others conflict and change nothing).
     */
    public record Release(Key key, Instant readableAt) {}

    /** True when this number was not known yet and is now; false when it was (another group, a re-upload). */
    public boolean add(Handle h, long mangaId, Release release, boolean announced, Instant now) {
        return bind(h.createUpdate(INSERT), mangaId, release, announced, now).execute() == 1;
    }

    /** The baseline: every number listed becomes known without an announcement. */
    public void addSilently(Handle h, long mangaId, Collection<Release> releases, Instant now) {
        if (releases.isEmpty()) return;
        var batch = h.prepareBatch(INSERT);
        for (Release r : releases) bind(batch, mangaId, r, false, now).add();
        batch.execute();
    }

    /** Whether any number of the series is known in this language: none yet makes a chapter its first there. */
    public boolean anyIn(Handle h, long mangaId, String language) {
        return h.createQuery("select exists (select 1 from reader_chapters where manga_id = :mangaId "
                        + "and language = :language)")
                .bind("mangaId", mangaId).bind("language", language).mapTo(Boolean.class).one();
    }

    private static <S extends SqlStatement<S>> S bind(S statement, long mangaId, Release release, boolean announced,
                                                      Instant now) {
        Key key = release.key();
        return statement.bind("mangaId", mangaId)
                .bind("readableAt", release.readableAt())
                .bind("language", key.language())
                .bind("number", key.number().text().orElse(""))
                .bind("numberKey", key.number().sortKey().orElse(null))
                .bind("announced", announced)
                .bind("now", now);
    }
}
