package com.mangahub.sync.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Which series each user follows, and the catalogue look-up that following and triggers need. */
public final class LibraryStore {
    private final Database db;

    public LibraryStore(Database db) {
        this.db = db;
    }

    /** A series of our catalogue as notifications see it; {@code tracked} once its chapter baseline is taken. */
    public record Series(long id, UUID mangaDexId, String title, boolean tracked) {}

    /** One followed series of a user's library. */
    public record LibraryEntry(UUID mangaDexId, String title, String slug, String latestChapter, Instant addedAt) {}

    public Optional<Series> findSeries(UUID mangaDexId) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "select id, mangadex_id, title, tracked_since is not null as tracked from manga where mangadex_id = ?")) {
                ps.setObject(1, mangaDexId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    return Optional.of(new Series(rs.getLong("id"), rs.getObject("mangadex_id", UUID.class),
                            rs.getString("title"), rs.getBoolean("tracked")));
                }
            }
        });
    }

    /** Adds the series to the user's library; false when it was already there. */
    public boolean follow(long userId, long mangaId, Instant now) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into user_library (user_id, manga_id, added_at) "
                    + "values (?, ?, ?) on conflict do nothing")) {
                ps.setLong(1, userId);
                ps.setLong(2, mangaId);
                NotifyRows.setInstant(ps, 3, now);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Removes the series from the user's library; false when it was not there. */
    public boolean unfollow(long userId, long mangaId) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("delete from user_library where user_id = ? and manga_id = ?")) {
                ps.setLong(1, userId);
                ps.setLong(2, mangaId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** The user's library, most recently followed first. */
    public List<LibraryEntry> list(long userId) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("select m.mangadex_id, m.title, m.slug, m.latest_chapter, "
                    + "l.added_at from user_library l join manga m on m.id = l.manga_id where l.user_id = ? "
                    + "order by l.added_at desc, m.id")) {
                ps.setLong(1, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    List<LibraryEntry> entries = new ArrayList<>();
                    while (rs.next()) entries.add(entry(rs));
                    return entries;
                }
            }
        });
    }

    private static LibraryEntry entry(ResultSet rs) throws SQLException {
        return new LibraryEntry(rs.getObject("mangadex_id", UUID.class), rs.getString("title"), rs.getString("slug"),
                rs.getString("latest_chapter"), NotifyRows.instant(rs, "added_at"));
    }
}
