package com.mangahub.sync.store;

import com.mangahub.sync.manga.Manga;
import com.mangahub.sync.manga.Slug;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Unique slugs for new series: the title's slug, or the same with the first free numeric suffix ("one-piece-2").
 * A page of series is allocated with one query; a transaction-scoped advisory lock serialises allocators, since two
 * choosing a suffix at once would pick the same one.
 */
final class SlugAllocator {
    private static final long SLUG_LOCK = 0x4d48_534c_5547L;

    Map<UUID, String> allocate(Connection c, List<Manga> newSeries) throws SQLException {
        Map<UUID, String> slugs = new LinkedHashMap<>();
        if (newSeries.isEmpty()) return slugs;
        try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
            lock.setLong(1, SLUG_LOCK);
            lock.execute();
        }
        Set<String> taken = taken(c, newSeries.stream().map(Manga::slug).distinct().toList());
        for (Manga m : newSeries) {
            String base = m.slug();
            for (int n = 1; ; n++) {
                String candidate = Slug.withSuffix(base, n);
                if (taken.add(candidate)) {
                    slugs.put(m.id(), candidate);
                    break;
                }
            }
        }
        return slugs;
    }

    private static Set<String> taken(Connection c, List<String> bases) throws SQLException {
        Set<String> taken = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("select slug from manga where slug = any(?) or slug like any(?)")) {
            ps.setArray(1, c.createArrayOf("text", bases.toArray()));
            // slugs hold only [a-z0-9-], so no LIKE wildcard can hide in a base
            ps.setArray(2, c.createArrayOf("text", bases.stream().map(b -> b + "-%").toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) taken.add(rs.getString(1));
            }
        }
        return taken;
    }
}
