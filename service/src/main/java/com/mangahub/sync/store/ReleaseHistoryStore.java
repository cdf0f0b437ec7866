package com.mangahub.sync.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * What a forecast of each followed series reads (issue 28), for one reader in one statement: the series' status,
 * when its newest chapter numbers first became readable in the reader's languages for that series
 * ({@code reader_chapters.readable_at}, filled by the baseline and by every announcement, so it costs MangaDex
 * nothing), and the earliest delayed chapter of those languages whose readableAt is still ahead.
 */
public final class ReleaseHistoryStore {
    /**
     * Newest {@value} numbers per series (each dated by its first language): enough for the forecast's last gaps even
     * when every release is a batch of several chapters.
     */
    public static final int NUMBERS = 60;

    private final Database db;

    public ReleaseHistoryStore(Database db) {
        this.db = db;
    }

    /**
     * One followed series; {@code history} oldest first; {@code scheduledAt} and {@code scheduledChapter} the
     * delayed chapter, null when none is stored; {@code baselinePending}: its history is not read yet.
     */
    public record SeriesHistory(UUID mangaDexId, String title, String status, String coverUrl, String latestChapter,
                                boolean baselinePending, List<Long> historyMillis, Instant scheduledAt,
                                String scheduledChapter) {
        public List<Instant> history() {
            return historyMillis.stream().map(Instant::ofEpochMilli).toList();
        }
    }

    public List<SeriesHistory> forReader(long userId, Instant now) {
        // per series: the newest dated rows of its languages (an index range read), one date per number (a second
        // language's later upload of a number is no release of its own)
        return db.inTransaction(h -> h.createQuery("""
                        select m.mangadex_id, m.title, m.status, m.cover_url, m.latest_chapter,
                               m.baseline_pending, coalesce(hist.dates, '{}') as history_millis,
                               next.readable_at as scheduled_at, next.chapter as scheduled_chapter
                        from user_library l
                        join users u on u.id = l.user_id
                        join manga m on m.id = l.manga_id
                        cross join lateral (
                            select array_agg(cast(extract(epoch from first) * 1000 as bigint) order by first) as dates from (
                                select min(r.readable_at) as first from (
                                    select number, readable_at from reader_chapters r
                                    where r.manga_id = m.id and r.readable_at is not null
                                      and r.language = any (coalesce(l.languages, u.languages))
                                    order by r.readable_at desc limit :numbers * 2) r
                                group by r.number order by first desc limit :numbers) d) hist
                        left join lateral (
                            select c.readable_at, c.chapter from chapters c
                            where c.manga_id = m.id and c.release_pending and c.deleted_at is null
                              and c.readable_at > :now and c.language = any (coalesce(l.languages, u.languages))
                            order by c.readable_at limit 1) next on true
                        where l.user_id = :userId
                        order by lower(m.title), m.id""")
                .bind("userId", userId)
                .bind("now", now)
                .bind("numbers", NUMBERS)
                .map(ConstructorMapper.of(SeriesHistory.class))
                .list());
    }
}
