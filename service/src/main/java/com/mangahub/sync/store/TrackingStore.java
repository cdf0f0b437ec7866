package com.mangahub.sync.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** Which series are tracked, since when, and the per-series chapter bookkeeping the workflows keep. */
public final class TrackingStore {
    private static final String SELECT = "select id, mangadex_id, title, tracked_since, latest_uploaded_chapter, "
            + "latest_chapter, mangadex_version, baseline_pending from manga ";
    private static final RowMapper<TrackedSeries> SERIES = ConstructorMapper.of(TrackedSeries.class);

    /** The tracked series among these MangaDex ids (one query for a whole page of the chapter stream). */
    public Map<UUID, TrackedSeries> trackedAmong(Handle h, Collection<UUID> mangadexIds) {
        return h.createQuery(SELECT + "where mangadex_id = any(:ids) and tracked_since is not null")
                .bindArray("ids", UUID.class, mangadexIds)
                .map(SERIES)
                .collect(Collectors.toMap(TrackedSeries::mangadexId, Function.identity()));
    }

    /** Which of these MangaDex ids the catalogue already holds, tracked or not. */
    public Set<UUID> knownAmong(Handle h, Collection<UUID> mangadexIds) {
        return h.createQuery("select mangadex_id from manga where mangadex_id = any(:ids)")
                .bindArray("ids", UUID.class, mangadexIds)
                .mapTo(UUID.class)
                .collect(Collectors.toCollection(HashSet::new));
    }

    public Optional<TrackedSeries> byMangadexId(Handle h, UUID mangadexId) {
        return h.createQuery(SELECT + "where mangadex_id = :mangadexId")
                .bind("mangadexId", mangadexId)
                .map(SERIES)
                .findFirst();
    }

    public Optional<TrackedSeries> byId(Handle h, long id) {
        return h.createQuery(SELECT + "where id = :id").bind("id", id).map(SERIES).findFirst();
    }

    /** Followed series whose baseline is still pending (no release history yet), oldest tracking first. */
    public List<TrackedSeries> followedWithoutHistory(Handle h, int limit) {
        return h.createQuery(SELECT + "where baseline_pending and tracked_since is not null "
                        + "and exists (select 1 from user_library l where l.manga_id = manga.id) "
                        + "order by tracked_since, id limit :limit")
                .bind("limit", limit)
                .map(SERIES)
                .list();
    }

    /** Tracked series in id order after {@code afterId}: the reconciliation sweep's keyset page. */
    public List<TrackedSeries> trackedAfter(Handle h, long afterId, int limit) {
        return h.createQuery(SELECT + "where tracked_since is not null and id > :afterId order by id limit :limit")
                .bind("afterId", afterId)
                .bind("limit", limit)
                .map(SERIES)
                .list();
    }

    /**
     * Marks tracking started at {@code since}, its baseline still to take; false when it already was (the first
     * follow wins). From this instant a chapter becoming readable is judged, even before the baseline is taken.
     */
    public boolean startTracking(Handle h, long id, Instant since) {
        return h.createUpdate("update manga set tracked_since = :since, last_chapter_check = :since, "
                        + "baseline_pending = true where id = :id and tracked_since is null")
                .bind("since", since)
                .bind("id", id)
                .execute() == 1;
    }

    /** {@link #startTracking} for every catalogued series among these MangaDex ids that is not tracked yet. */
    public int startTrackingAll(Handle h, Collection<UUID> mangadexIds, Instant since) {
        return h.createUpdate("update manga set tracked_since = :since, last_chapter_check = :since, "
                        + "baseline_pending = true where mangadex_id = any(:ids) and tracked_since is null")
                .bind("since", since)
                .bindArray("ids", UUID.class, List.copyOf(mangadexIds))
                .execute();
    }

    /** The series' back catalogue is known now: its chapters are judged against it from here on. */
    public void baselineTaken(Handle h, long id) {
        h.createUpdate("update manga set baseline_pending = false where id = :id").bind("id", id).execute();
    }

    /** Records a chapter check; the latest chapter only ever moves up (a late lower number leaves it). */
    public void recordCheck(Handle h, long id, Optional<String> number, Optional<BigDecimal> key, Instant now) {
        String higher = "(m.latest_chapter is null or (v.k is not null and "
                + "(m.latest_chapter_key is null or v.k > m.latest_chapter_key)))";
        h.createUpdate("update manga m set last_chapter_check = v.now, "
                        + "latest_chapter = case when " + higher + " then coalesce(v.num, m.latest_chapter) "
                        + "else m.latest_chapter end, "
                        + "latest_chapter_key = case when " + higher + " then coalesce(v.k, m.latest_chapter_key) "
                        + "else m.latest_chapter_key end "
                        + "from (select cast(:number as text) as num, cast(:key as numeric) as k, "
                        + "cast(:now as timestamptz) as now) v where m.id = :id")
                .bind("number", number.orElse(null))
                .bind("key", key.orElse(null))
                .bind("now", now)
                .bind("id", id)
                .execute();
    }

    /** The latest chapter number now, read inside the transaction that may move it (the "old chapter"). */
    public Optional<String> latestChapter(Handle h, long id) {
        return h.createQuery("select latest_chapter from manga where id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .findFirst();
    }

    /** A poll of the whole-site stream checked every tracked series at once. */
    public void recordCheckOfAll(Handle h, Instant now) {
        h.createUpdate("update manga set last_chapter_check = :now where tracked_since is not null")
                .bind("now", now)
                .execute();
    }

    public void recordLatestUploaded(Handle h, long id, Optional<UUID> latestUploaded) {
        h.createUpdate("update manga set latest_uploaded_chapter = :latestUploaded where id = :id")
                .bind("latestUploaded", latestUploaded)
                .bind("id", id)
                .execute();
    }
}
