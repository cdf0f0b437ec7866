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
 * A page of series is allocated with one query. Two allocators choosing a suffix at once would pick the same one:
 * the caller ({@link MangaStore#upsertAll}) holds the catalogue writers' lock, so they never run at once.
 */
final class SlugAllocator {
    Map<UUID, String> allocate(Handle h, List<Manga> newSeries) {
        Map<UUID, String> slugs = new LinkedHashMap<>();
        if (newSeries.isEmpty()) return slugs;
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
