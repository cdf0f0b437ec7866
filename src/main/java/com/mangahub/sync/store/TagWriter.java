package com.mangahub.sync.store;

import com.mangahub.sync.manga.Tag;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Keeps every tag group (genre, theme, format, content) and replaces a series' tag set as MangaDex states it. */
final class TagWriter {

    void replace(Connection c, long mangaId, List<Tag> tags) throws SQLException {
        if (!tags.isEmpty()) upsertTags(c, tags);
        try (PreparedStatement delete = c.prepareStatement("delete from manga_tags where manga_id = ?")) {
            delete.setLong(1, mangaId);
            delete.executeUpdate();
        }
        if (tags.isEmpty()) return;
        try (PreparedStatement link = c.prepareStatement(
                "insert into manga_tags (manga_id, tag_id) values (?, ?) on conflict do nothing")) {
            for (Tag t : tags) {
                link.setLong(1, mangaId);
                link.setObject(2, t.id());
                link.addBatch();
            }
            link.executeBatch();
        }
    }

    private static void upsertTags(Connection c, List<Tag> tags) throws SQLException {
        // sorted so concurrent writers lock tag rows in the same order and never deadlock
        List<Tag> sorted = tags.stream().sorted((a, b) -> a.id().compareTo(b.id())).distinct().toList();
        try (PreparedStatement ps = c.prepareStatement("insert into tags (id, name, tag_group) values (?, ?, ?) "
                + "on conflict (id) do update set name = excluded.name, tag_group = excluded.tag_group "
                + "where (tags.name, tags.tag_group) is distinct from (excluded.name, excluded.tag_group)")) {
            for (Tag t : sorted) {
                ps.setObject(1, t.id());
                ps.setString(2, t.name());
                ps.setString(3, t.group());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
