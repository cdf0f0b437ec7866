package com.mangahub.sync.store;

import com.mangahub.sync.store.CatalogueView.ChapterView;
import com.mangahub.sync.store.CatalogueView.MangaDetail;
import com.mangahub.sync.store.CatalogueView.MangaSummary;
import com.mangahub.sync.store.CatalogueView.PageOf;
import com.mangahub.sync.store.CatalogueView.TagView;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The catalogue read API's queries: paged listing with title search and status/tag filters, details, chapters. */
public final class CatalogueQueries {
    private static final String FILTER = " from manga m where (?::text is null or lower(m.title) like '%' || lower(?) || '%') "
            + "and (?::text is null or m.status = ?) and (?::text is null or exists (select 1 from manga_tags mt "
            + "join tags t on t.id = mt.tag_id where mt.manga_id = m.id and lower(t.name) = lower(?)))";
    private final Database db;

    public CatalogueQueries(Database db) {
        this.db = db;
    }

    public PageOf<MangaSummary> list(Optional<String> title, Optional<String> status, Optional<String> tag,
                                     int page, int size) {
        return db.inTransaction(c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement("select count(*)" + FILTER)) {
                bindFilter(ps, title, status, tag);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<MangaSummary> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select m.id, m.mangadex_id, m.slug, m.title, m.status, "
                    + "m.cover_url, m.latest_chapter, m.tracked_since is not null as tracked" + FILTER
                    + " order by m.title, m.id limit ? offset ?")) {
                bindFilter(ps, title, status, tag);
                ps.setInt(7, size);
                ps.setLong(8, (long) (page - 1) * size);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(new MangaSummary(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getBoolean(8)));
                    }
                }
            }
            return new PageOf<>(items, page, size, total);
        });
    }

    private static void bindFilter(PreparedStatement ps, Optional<String> title, Optional<String> status,
                                   Optional<String> tag) throws SQLException {
        String t = title.map(s -> s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")).orElse(null);
        ps.setString(1, t);
        ps.setString(2, t);
        ps.setString(3, status.orElse(null));
        ps.setString(4, status.orElse(null));
        ps.setString(5, tag.orElse(null));
        ps.setString(6, tag.orElse(null));
    }

    /** A series by local id, MangaDex id or slug. */
    public Optional<MangaDetail> find(String key) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("select * from manga where " + keyColumn(key) + " = ?")) {
                bindKey(ps, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    return Optional.of(detail(c, rs));
                }
            }
        });
    }

    public List<ChapterView> chapters(long mangaId, int limit, int offset) {
        return db.inTransaction(c -> {
            List<ChapterView> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select * from chapters where manga_id = ? "
                    + "order by chapter_key desc nulls last, published_at desc, id limit ? offset ?")) {
                ps.setLong(1, mangaId);
                ps.setInt(2, limit);
                ps.setInt(3, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ChapterView(rs.getObject("mangadex_chapter_id", UUID.class), rs.getString("language"),
                                rs.getString("chapter"), rs.getString("volume"), rs.getString("title"), rs.getInt("pages"),
                                rs.getString("external_url"), Jdbc.instant(rs, "published_at").orElse(null),
                                rs.getBoolean("release_pending"), rs.getObject("deleted_at") != null));
                    }
                }
            }
            return out;
        });
    }

    private static String keyColumn(String key) {
        if (key.matches("[0-9]{1,18}")) return "id";
        return parseUuid(key).isPresent() ? "mangadex_id" : "slug";
    }

    private static void bindKey(PreparedStatement ps, String key) throws SQLException {
        if (key.matches("[0-9]{1,18}")) ps.setLong(1, Long.parseLong(key));
        else if (parseUuid(key).isPresent()) ps.setObject(1, parseUuid(key).get());
        else ps.setString(1, key);
    }

    private static Optional<UUID> parseUuid(String s) {
        try {
            return s.length() == 36 ? Optional.of(UUID.fromString(s)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static MangaDetail detail(Connection c, ResultSet rs) throws SQLException {
        long id = rs.getLong("id");
        return new MangaDetail(id, rs.getObject("mangadex_id", UUID.class), rs.getString("slug"), rs.getString("title"),
                strings(rs.getArray("authors")), strings(rs.getArray("artists")), rs.getString("status"),
                rs.getString("demographic"), (Integer) rs.getObject("year"), rs.getString("content_rating"),
                rs.getString("description"), rs.getString("cover_url"), rs.getString("latest_chapter"),
                rs.getString("final_chapter"), tags(c, id), Jdbc.instant(rs, "tracked_since").orElse(null),
                Jdbc.instant(rs, "last_synced_at").orElse(null), Jdbc.instant(rs, "last_chapter_check").orElse(null));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static List<TagView> tags(Connection c, long mangaId) throws SQLException {
        List<TagView> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select t.id, t.name, t.tag_group from manga_tags mt "
                + "join tags t on t.id = mt.tag_id where mt.manga_id = ? order by t.tag_group, t.name")) {
            ps.setLong(1, mangaId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new TagView(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)));
            }
        }
        return out;
    }
}
