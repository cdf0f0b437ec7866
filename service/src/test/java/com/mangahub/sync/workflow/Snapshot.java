package com.mangahub.sync.workflow;

import com.mangahub.sync.store.Database;
import java.util.ArrayList;
import java.util.List;

/** A database's content as sorted text rows, leaving out what legitimately differs between runs (ids, times). */
final class Snapshot {
    static final String CATALOGUE = "select m.mangadex_id || ' ' || m.slug || ' ' || m.title || ' ' || coalesce(m.status, '') "
            + "|| ' ' || coalesce(m.cover_url, '') || ' ' || array_to_string(m.authors, ',') || ' ' || "
            + "coalesce((select string_agg(mt.tag_id::text, ',' order by mt.tag_id) from manga_tags mt "
            + "where mt.manga_id = m.id), '') from manga m order by 1";
    static final String CHAPTERS = "select c.mangadex_chapter_id || ' ' || m.mangadex_id || ' ' || c.language || ' ' "
            + "|| coalesce(c.chapter, '') || ' ' || c.pages || ' ' || c.release_pending from chapters c "
            + "join manga m on m.id = c.manga_id where c.mangadex_chapter_id::text = any(?) order by 1";
    static final String EVENTS = "select type || ' ' || dedup_key || ' ' || (payload - 'title')::text from outbox "
            + "where type = 'NEW_CHAPTER' and payload->>'chapter_id' = any(?) order by 1";
    static final String DUPLICATE_EVENTS = "select dedup_key from outbox group by dedup_key having count(*) > 1";

    private Snapshot() {}

    /** Rows only one side has, marked "-" (only in {@code a}) or "+" (only in {@code b}); empty when equal. */
    static List<String> difference(List<String> a, List<String> b) {
        List<String> diff = new ArrayList<>();
        java.util.Set<String> inB = new java.util.HashSet<>(b);
        java.util.Set<String> inA = new java.util.HashSet<>(a);
        for (String row : a) if (!inB.contains(row)) diff.add("- " + row);
        for (String row : b) if (!inA.contains(row)) diff.add("+ " + row);
        if (diff.isEmpty() && a.size() != b.size()) diff.add("same rows, different counts: " + a.size() + " vs " + b.size());
        return diff;
    }

    static List<String> of(Database db, String query) {
        return of(db, query, List.of());
    }

    /** Rows of a query whose one parameter (if any) is the given list of chapter ids. */
    static List<String> of(Database db, String query, List<String> chapterIds) {
        return db.inTransaction(h -> {
            var q = h.createQuery(query);
            if (query.contains("?")) q.bindArray(0, String.class, chapterIds);
            return q.mapTo(String.class).list();
        });
    }
}
