package com.mangahub.sync.mangadex;

import com.mangahub.sync.manga.Chapter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What a reader's own MangaDex account holds, asked with their access token (sent only to these endpoints): their
 * follows and read markers, and setting a read marker. Behind one small interface because MangaDex has announced
 * replacing follows with "bookmark" lists. A refused token is a {@link MangaDexException.BadRequest} with status 401.
 */
public interface UserLibraryApi {
    /** {@code GET /user/follows/manga}, 100 a page (its default is 10), every page. */
    List<UUID> follows(String accessToken);

    /** {@code GET /manga/status}: every reading status of the account at once (series → reading, on_hold, …). */
    Map<UUID, String> statuses(String accessToken);

    /** {@code GET /manga/read?ids[]=…&grouped=true}, 100 series a request: series → the chapter ids read. */
    Map<UUID, Set<UUID>> readMarkers(String accessToken, Collection<UUID> mangaIds);

    /** {@code GET /chapter?ids[]=…}, 100 a request: the chapters MangaDex still has among {@code ids}. */
    List<Chapter> chaptersByIds(Collection<UUID> ids);

    /** {@code POST /manga/{id}/read} with {@code chapterIdsRead}: sets read markers on the account. */
    void markRead(String accessToken, UUID mangaId, Collection<UUID> chapterIds);
}
