package com.mangahub.sync.store;

import com.mangahub.sync.manga.Manga;
import com.mangahub.sync.manga.Tag;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Keeps every tag group (genre, theme, format, content) and replaces each series' tag set as MangaDex states it. */
final class TagWriter {

    void replace(Connection c, List<Manga> page, Map<UUID, Long> ids) throws SQLException {
        upsertTags(c, page);
        try (PreparedStatement delete = c.prepareStatement("delete from manga_tags where manga_id = any(?)")) {
            delete.setArray(1, c.createArrayOf("bigint", page.stream().map(m -> ids.get(m.id())).toArray()));
            delete.executeUpdate();
        }
        try (PreparedStatement link = c.prepareStatement(
                "insert into manga_tags (manga_id, tag_id) values (?, ?) on conflict do nothing")) {
            for (Manga m : page) {
                for (Tag t : m.tags()) {
                    link.setLong(1, ids.get(m.id()));
                    link.setObject(2, t.id());
                    link.addBatch();
                }
            }
            link.executeBatch();
        }
    }

    private static void upsertTags(Connection c, List<Manga> page) throws SQLException {
        // sorted so concurrent writers lock tag rows in the same order and never deadlock
        List<Tag> distinct = page.stream().flatMap(m -> m.tags().stream())
                .collect(Collectors.toMap(Tag::id, Function.identity(), (a, b) -> a)).values().stream()
                .sorted(Comparator.comparing(Tag::id)).toList();
        if (distinct.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("insert into tags (id, name, tag_group) values (?, ?, ?) "
                + "on conflict (id) do update set name = excluded.name, tag_group = excluded.tag_group "
                + "where (tags.name, tags.tag_group) is distinct from (excluded.name, excluded.tag_group)")) {
            for (Tag t : distinct) {
                ps.setObject(1, t.id());
                ps.setString(2, t.name());
                ps.setString(3, t.group());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
