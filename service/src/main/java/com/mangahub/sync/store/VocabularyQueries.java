package com.mangahub.sync.store;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The names a reader picks from in the web app's settings: every tag of the catalogue, and the scanlation groups
 * credited on stored chapters (the only groups a reader's rules may name, so a picker never offers one the controls
 * would refuse).
 */
public final class VocabularyQueries {
    /** The most groups one answer holds: a picker narrows by name, it never pages. */
    public static final int MAX_GROUPS = 50;

    private final Database db;

    public VocabularyQueries(Database db) {
        this.db = db;
    }

    public record TagName(UUID id, String name, String group) {}

    public record GroupName(String id, String name) {}

    /** Every tag, by group then name. */
    public List<TagName> tags() {
        return db.inTransaction(h -> h.createQuery("select id, name, tag_group from tags order by tag_group, lower(name), id")
                .map((rs, ctx) -> new TagName(rs.getObject("id", UUID.class), rs.getString("name"),
                        rs.getString("tag_group")))
                .list());
    }

    /**
     * Named groups whose name contains {@code text} (case-insensitive, literal), those whose name starts with it
     * first, then by name; only groups credited on chapters of {@code series} when given. At most {@link #MAX_GROUPS}.
     */
    public List<GroupName> groups(Optional<String> text, Optional<UUID> series) {
        String literal = text.map(s -> s.toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"))
                .orElse("");
        // one series: the groups on its chapters; the catalogue: the table of every group ever credited (V22_2)
        String named = series.isPresent()
                ? "select distinct e->>'id' as id, e->>'name' as name from chapters c "
                        + "cross join jsonb_array_elements(c.groups) e "
                        + "where c.manga_id = (select m.id from manga m where m.mangadex_id = cast(:series as uuid))"
                : "select id, name from scanlation_groups";
        return db.inTransaction(h -> h.createQuery("select g.id, min(g.name) as name from (" + named + ") g "
                        + "where g.id is not null and coalesce(g.name, '') <> '' and lower(g.name) like '%' || :text || '%' "
                        + "group by g.id order by bool_or(lower(g.name) like :text || '%') desc, lower(min(g.name)), g.id "
                        + "limit :limit")
                .bind("text", literal)
                .bind("series", series.orElse(null))
                .bind("limit", MAX_GROUPS)
                .map((rs, ctx) -> new GroupName(rs.getString("id"), rs.getString("name")))
                .list());
    }
}
