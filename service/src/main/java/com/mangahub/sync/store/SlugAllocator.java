package com.mangahub.sync.store;

import com.mangahub.sync.manga.Manga;
import com.mangahub.sync.manga.Slug;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Unique slugs for new series: the title's slug, or the same with the first free numeric suffix ("one-piece-2").
 * A page of series is allocated with one query; a transaction-scoped advisory lock serialises allocators, since two
 * choosing a suffix at once would pick the same one.
 */
final class SlugAllocator {
    private static final long SLUG_LOCK = 0x4d48_534c_5547L;

    Map<UUID, String> allocate(Handle h, List<Manga> newSeries) {
        Map<UUID, String> slugs = new LinkedHashMap<>();
        if (newSeries.isEmpty()) return slugs;
        AdvisoryLocks.forTransaction(h, SLUG_LOCK);
        Set<String> taken = taken(h, newSeries.stream().map(Manga::slug).distinct().toList());
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

    private static Set<String> taken(Handle h, List<String> bases) {
        return h.createQuery("select slug from manga where slug = any(:bases) or slug like any(:patterns)")
                .bindArray("bases", String.class, bases)
                // slugs hold only [a-z0-9-], so no LIKE wildcard can hide in a base
                .bindArray("patterns", String.class, bases.stream().map(b -> b + "-%").toList())
                .mapTo(String.class)
                .collect(Collectors.toCollection(HashSet::new));
    }
}
