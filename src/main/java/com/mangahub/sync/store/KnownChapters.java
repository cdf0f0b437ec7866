package com.mangahub.sync.store;

import com.mangahub.sync.manga.ChapterNumber;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;

/**
 * The (manga, language, number) triples a reader already has: the gate that decides "new for a reader". Inserting
 * a triple succeeds once; whoever succeeds announces the chapter (or, for a baseline, silently knows it).
 */
public final class KnownChapters {

    /** A chapter number in one language, as the reader sees it. */
    public record Key(String language, ChapterNumber number) {}

    /** True when this number was not known yet and is now; false when it was (another group, a re-upload). */
    public boolean add(Connection c, long mangaId, Key key, boolean announced, Instant now) throws SQLException {
        try (PreparedStatement ps = insert(c)) {
            bind(ps, mangaId, key, announced, now);
            return ps.executeUpdate() == 1;
        }
    }

    /** The baseline: every number listed becomes known without an announcement. */
    public void addSilently(Connection c, long mangaId, Collection<Key> keys, Instant now) throws SQLException {
        try (PreparedStatement ps = insert(c)) {
            for (Key key : keys) {
                bind(ps, mangaId, key, false, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static PreparedStatement insert(Connection c) throws SQLException {
        return c.prepareStatement("insert into reader_chapters (manga_id, language, number, number_key, announced, "
                + "known_since) values (?, ?, ?, ?, ?, ?) on conflict do nothing");
    }

    private static void bind(PreparedStatement ps, long mangaId, Key key, boolean announced, Instant now)
            throws SQLException {
        ps.setLong(1, mangaId);
        ps.setString(2, key.language());
        ps.setString(3, key.number().text().orElse(""));
        ps.setBigDecimal(4, key.number().sortKey().orElse(null));
        ps.setBoolean(5, announced);
        Jdbc.setInstant(ps, 6, now);
    }
}
