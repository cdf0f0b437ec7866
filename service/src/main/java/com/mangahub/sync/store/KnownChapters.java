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
            + "announced, known_since) values (:mangaId, :language, :number, :numberKey, :announced, :now) "
            + "on conflict do nothing";

    /** A chapter number in one language, as the reader sees it. */
    public record Key(String language, ChapterNumber number) {}

    /** True when this number was not known yet and is now; false when it was (another group, a re-upload). */
    public boolean add(Handle h, long mangaId, Key key, boolean announced, Instant now) {
        return bind(h.createUpdate(INSERT), mangaId, key, announced, now).execute() == 1;
    }

    /** The baseline: every number listed becomes known without an announcement. */
    public void addSilently(Handle h, long mangaId, Collection<Key> keys, Instant now) {
        if (keys.isEmpty()) return;
        var batch = h.prepareBatch(INSERT);
        for (Key key : keys) bind(batch, mangaId, key, false, now).add();
        batch.execute();
    }

    private static <S extends SqlStatement<S>> S bind(S statement, long mangaId, Key key, boolean announced,
                                                      Instant now) {
        return statement.bind("mangaId", mangaId)
                .bind("language", key.language())
                .bind("number", key.number().text().orElse(""))
                .bind("numberKey", key.number().sortKey().orElse(null))
                .bind("announced", announced)
                .bind("now", now);
    }
}
