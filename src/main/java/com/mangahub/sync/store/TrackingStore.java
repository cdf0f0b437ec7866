package com.mangahub.sync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.math.BigDecimal;

/** Which series are tracked, since when, and the per-series chapter bookkeeping the workflows keep. */
public final class TrackingStore {
    private static final String SELECT = "select id, mangadex_id, title, tracked_since, latest_uploaded_chapter, "
            + "latest_chapter, mangadex_version from manga ";

    /** The tracked series among these MangaDex ids (one query for a whole page of the chapter stream). */
    public Map<UUID, TrackedSeries> trackedAmong(Connection c, Collection<UUID> mangadexIds) throws SQLException {
        Map<UUID, TrackedSeries> found = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT
                + "where mangadex_id = any(?) and tracked_since is not null")) {
            ps.setArray(1, c.createArrayOf("uuid", mangadexIds.toArray()));
            for (TrackedSeries s : read(ps)) found.put(s.mangadexId(), s);
        }
        return found;
    }

    /** Which of these MangaDex ids the catalogue already holds, tracked or not. */
    public Set<UUID> knownAmong(Connection c, Collection<UUID> mangadexIds) throws SQLException {
        Set<UUID> known = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("select mangadex_id from manga where mangadex_id = any(?)")) {
            ps.setArray(1, c.createArrayOf("uuid", mangadexIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) known.add(rs.getObject(1, UUID.class));
            }
        }
        return known;
    }

    public Optional<TrackedSeries> byMangadexId(Connection c, UUID mangadexId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + "where mangadex_id = ?")) {
            ps.setObject(1, mangadexId);
            return read(ps).stream().findFirst();
        }
    }

    public Optional<TrackedSeries> byId(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + "where id = ?")) {
            ps.setLong(1, id);
            return read(ps).stream().findFirst();
        }
    }

    /** Tracked series in id order after {@code afterId}: the reconciliation sweep's keyset page. */
    public List<TrackedSeries> trackedAfter(Connection c, long afterId, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT
                + "where tracked_since is not null and id > ? order by id limit ?")) {
            ps.setLong(1, afterId);
            ps.setInt(2, limit);
            return read(ps);
        }
    }

    /** Marks tracking started; false when it already was (the first baseline wins). */
    public boolean startTracking(Connection c, long id, Instant since) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "update manga set tracked_since = ?, last_chapter_check = ? where id = ? and tracked_since is null")) {
            Jdbc.setInstant(ps, 1, since);
            Jdbc.setInstant(ps, 2, since);
            ps.setLong(3, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** Records a chapter check; the latest chapter only ever moves up (a late lower number leaves it). */
    public void recordCheck(Connection c, long id, Optional<String> number, Optional<BigDecimal> key, Instant now)
            throws SQLException {
        String higher = "(m.latest_chapter is null or (v.k is not null and "
                + "(m.latest_chapter_key is null or v.k > m.latest_chapter_key)))";
        try (PreparedStatement ps = c.prepareStatement("update manga m set last_chapter_check = v.now, "
                + "latest_chapter = case when " + higher + " then coalesce(v.num, m.latest_chapter) "
                + "else m.latest_chapter end, "
                + "latest_chapter_key = case when " + higher + " then coalesce(v.k, m.latest_chapter_key) "
                + "else m.latest_chapter_key end "
                + "from (select ?::text as num, ?::numeric as k, ?::timestamptz as now) v where m.id = ?")) {
            ps.setString(1, number.orElse(null));
            ps.setBigDecimal(2, key.orElse(null));
            Jdbc.setInstant(ps, 3, now);
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    /** The latest chapter number now, read inside the transaction that may move it (the "old chapter"). */
    public Optional<String> latestChapter(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select latest_chapter from manga where id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** A poll of the whole-site stream checked every tracked series at once. */
    public void recordCheckOfAll(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "update manga set last_chapter_check = ? where tracked_since is not null")) {
            Jdbc.setInstant(ps, 1, now);
            ps.executeUpdate();
        }
    }

    public void recordLatestUploaded(Connection c, long id, Optional<UUID> latestUploaded) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update manga set latest_uploaded_chapter = ? where id = ?")) {
            ps.setObject(1, latestUploaded.orElse(null));
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    private static List<TrackedSeries> read(PreparedStatement ps) throws SQLException {
        List<TrackedSeries> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new TrackedSeries(rs.getLong("id"), rs.getObject("mangadex_id", UUID.class),
                        rs.getString("title"), Jdbc.instant(rs, "tracked_since"),
                        Optional.ofNullable(rs.getObject("latest_uploaded_chapter", UUID.class)),
                        Optional.ofNullable(rs.getString("latest_chapter")), rs.getInt("mangadex_version")));
            }
        }
        return out;
    }
}
