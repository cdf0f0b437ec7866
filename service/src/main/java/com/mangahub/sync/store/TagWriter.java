package com.mangahub.sync.store;

import com.mangahub.sync.manga.Manga;
import com.mangahub.sync.manga.Tag;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Keeps every tag group (genre, theme, format, content) and replaces each series' tag set as MangaDex states it.
 * {@link #saveVocabulary} writes only the tags that are new or renamed (after the first import almost never), so an
 * upsert locks no tag row it does not change.
 */
final class TagWriter {

    void saveVocabulary(Handle h, List<Manga> page) {
        Map<UUID, Tag> stated = page.stream().flatMap(m -> m.tags().stream())
                .collect(Collectors.toMap(Tag::id, Function.identity(), (a, b) -> a));
        if (stated.isEmpty()) return;
        Set<Tag> known = Set.copyOf(h.createQuery("select id, name, tag_group from tags where id = any(:ids)")
                .bindArray("ids", UUID.class, List.copyOf(stated.keySet()))
                .map((rs, ctx) -> new Tag(rs.getObject("id", UUID.class), rs.getString("name"),
                        rs.getString("tag_group")))
                .list());
        // sorted so concurrent writers of a new tag lock its row in the same order
        List<Tag> changed = stated.values().stream().filter(t -> !known.contains(t))
                .sorted(Comparator.comparing(Tag::id)).toList();
        if (changed.isEmpty()) return;
        PreparedBatch batch = h.prepareBatch("insert into tags (id, name, tag_group) values (:id, :name, :group) "
                + "on conflict (id) do update set name = excluded.name, tag_group = excluded.tag_group "
                + "where (tags.name, tags.tag_group) is distinct from (excluded.name, excluded.tag_group)");
        for (Tag t : changed) batch.bindMethods(t).add();
        batch.execute();
    }

    void link(Handle h, List<Manga> page, Map<UUID, Long> ids) {
        h.createUpdate("delete from manga_tags where manga_id = any(:ids)")
                .bindArray("ids", Long.class, page.stream().map(m -> ids.get(m.id())).toList())
                .execute();
        PreparedBatch link = h.prepareBatch("insert into manga_tags (manga_id, tag_id) values (:mangaId, :tagId) "
                + "on conflict do nothing");
        for (Manga m : page) {
            for (Tag t : m.tags()) link.bind("mangaId", ids.get(m.id())).bind("tagId", t.id()).add();
        }
        if (link.size() > 0) link.execute();
    }
}
