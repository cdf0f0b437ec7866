package com.mangahub.sync.mangadex;

import com.mangahub.sync.manga.Chapter;
import com.mangahub.sync.manga.Manga;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything the service asks of MangaDex, in domain terms. The real implementation is {@code MangaDexClient}
 * (rate gate, retries, breaker, quirk-tolerant parsing); tests of the workflows may use an in-memory fake.
 * Every method may throw {@link MangaDexException}.
 */
public interface MangaDexApi {

    /** One page of {@code GET /manga} with author, artist and cover expanded. */
    Page<Manga> listManga(MangaQuery query);

    /**
     * {@code GET /manga?title=…}: MangaDex's own title search (titles and alternative titles), most relevant first,
     * at most {@code limit} (≤ 100) series with author, artist and cover expanded.
     */
    List<Manga> searchTitle(String title, int limit);

    /** {@code GET /manga?ids[]=…}: any number of ids, sent in batches of 100; unknown ids are simply absent. */
    List<Manga> mangaByIds(Collection<UUID> ids);

    /** {@code GET /manga/{id}}; empty when MangaDex answers 404. */
    Optional<Manga> manga(UUID id);

    /** One page of {@code GET /chapter}, the whole-site chapter list. */
    Page<Chapter> listChapters(ChapterQuery query);

    /**
     * {@code GET /list/{id}}, a reader's custom list (MDList); empty when MangaDex answers 404, which it does for a
     * private list asked without its owner's login as for one that does not exist.
     */
    Optional<CustomList> customList(UUID id);

    /** Every chapter of one series in the given languages ({@code GET /manga/{id}/feed}, 500 a page, all pages). */
    List<Chapter> feed(UUID mangaId, FeedQuery query);
}
