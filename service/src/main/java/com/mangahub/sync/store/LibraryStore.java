package com.mangahub.sync.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.mapper.reflect.JdbiConstructor;

/** Which series each user follows, and the catalogue look-up that following and triggers need. */
public final class LibraryStore {
    private static final RowMapper<Series> SERIES = ConstructorMapper.of(Series.class);
    private static final RowMapper<LibraryEntry> ENTRY = ConstructorMapper.of(LibraryEntry.class);
    private final Database db;

    public LibraryStore(Database db) {
        this.db = db;
    }

    /** A series of our catalogue as notifications see it; {@code tracked} once its chapter baseline is taken. */
    public record Series(long id, UUID mangaDexId, String title, boolean tracked) {}

    /** One followed series of a user's library, with the reader's settings and progress in it. */
    public record LibraryEntry(UUID mangaDexId, String title, String slug, String latestChapter, String coverUrl,
                               Instant addedAt, ReaderControlsStore.SeriesControls controls, HeldBy heldBy) {
        @JdbiConstructor
        public LibraryEntry(UUID mangaDexId, String title, String slug, String latestChapter, String coverUrl,
                            Instant addedAt, long mangaId, List<String> languages, List<String> groupsOnly,
                            List<String> groupsNever, List<String> uploadersNever, boolean muted, String progress,
                            Instant progressUpdatedAt, boolean byReader, List<Long> sources) {
            this(mangaDexId, title, slug, latestChapter, coverUrl, addedAt, new ReaderControlsStore.SeriesControls(
                    mangaId, languages, groupsOnly, groupsNever, uploadersNever, muted, progress, progressUpdatedAt),
                    new HeldBy(byReader, sources == null ? List.of() : List.copyOf(sources)));
        }
    }

    /** Provenance: whether the reader holds a follow themselves, and which of their library sources list it. */
    public record HeldBy(boolean reader, List<Long> sources) {}

    public Optional<Series> findSeries(UUID mangaDexId) {
        return db.inTransaction(h -> h.createQuery("select id, mangadex_id, title, tracked_since is not null as tracked "
                        + "from manga where mangadex_id = :mangaDexId")
                .bind("mangaDexId", mangaDexId)
                .map(SERIES)
                .findOne());
    }

    /** Adds the series to the user's library; false when it was already there. */
    public boolean follow(long userId, long mangaId, Instant now) {
        return db.inTransaction(h -> {
            boolean added = h.createUpdate("insert into user_library (user_id, manga_id, added_at) "
                            + "values (:userId, :mangaId, :now) on conflict do nothing")
                    .bind("userId", userId)
                    .bind("mangaId", mangaId)
                    .bind("now", now)
                    .execute() == 1;
            // a follow a library source brought becomes the reader's own: removing it from the source keeps it
            if (!added) h.createUpdate("update user_library set by_reader = true where user_id = :userId "
                    + "and manga_id = :mangaId and not by_reader").bind("userId", userId).bind("mangaId", mangaId).execute();
            return added;
        });
    }

    /** What {@link #importAll} did: the series newly followed, and how many progress values moved forward. */
    public record Imported(Set<UUID> added, int progressSet) {}

    /**
     * Follows every series of {@code follows} (MangaDex ids the catalogue holds) and moves progress forward where the
     * import knows more, all in one transaction: an import is applied whole or not at all, and importing the same
     * file again changes nothing. Tracking of the series nobody tracked starts in the same transaction: from the
     * moment the import is accepted, every chapter of them that becomes readable is judged.
     */
    public Imported importAll(long userId, Collection<UUID> follows, Map<UUID, BigDecimal> progress, Instant now) {
        if (follows.isEmpty()) return new Imported(Set.of(), 0);
        return db.inTransaction(h -> importAll(h, userId, follows, progress, now, true));
    }

    /**
     * {@link #importAll} in the caller's transaction, the one follow path of every bulk way in (an import, a library
     * source); {@code byReader}: the reader brought these (an import), not a source, so they stay when a source drops
     * them.
     */
    public Imported importAll(Handle h, long userId, Collection<UUID> follows, Map<UUID, BigDecimal> progress,
                              Instant now, boolean byReader) {
        if (follows.isEmpty() && progress.isEmpty()) return new Imported(Set.of(), 0);
        ReaderControlsStore controls = new ReaderControlsStore(db);
        Set<UUID> added = new HashSet<>(h.createQuery("insert into user_library (user_id, manga_id, added_at, by_reader) "
                        + "select :userId, m.id, :now, :byReader from manga m where m.mangadex_id = any (:ids) "
                        + "on conflict do nothing returning (select mangadex_id from manga where id = manga_id)")
                .bind("userId", userId)
                .bind("now", now)
                .bind("byReader", byReader)
                .bindArray("ids", UUID.class, List.copyOf(follows))
                .mapTo(UUID.class)
                .list());
        if (byReader) h.createUpdate("update user_library l set by_reader = true from manga m where m.id = l.manga_id "
                        + "and l.user_id = :userId and m.mangadex_id = any (:ids) and not l.by_reader")
                .bind("userId", userId).bindArray("ids", UUID.class, List.copyOf(follows)).execute();
        new TrackingStore().startTrackingAll(h, follows, now.truncatedTo(ChronoUnit.SECONDS));
        int moved = 0;
        for (Map.Entry<UUID, BigDecimal> p : progress.entrySet()) {
            Optional<Long> mangaId = h.createQuery("select l.manga_id from user_library l join manga m on m.id = l.manga_id "
                            + "where l.user_id = :userId and m.mangadex_id = :id").bind("userId", userId)
                    .bind("id", p.getKey()).mapTo(Long.class).findOne();
            if (mangaId.isPresent() && controls.saveProgress(h, userId, mangaId.get(), p.getValue().toPlainString(),
                    p.getValue(), now, true)) moved++;
        }
        return new Imported(added, moved);
    }

    /** Removes the series from the user's library; false when it was not there. */
    public boolean unfollow(long userId, long mangaId) {
        return db.inTransaction(h -> h.createUpdate("delete from user_library where user_id = :userId "
                        + "and manga_id = :mangaId")
                .bind("userId", userId)
                .bind("mangaId", mangaId)
                .execute()) == 1;
    }

    /** The user's library, most recently followed first. */
    public List<LibraryEntry> list(long userId) {
        return db.inTransaction(h -> h.createQuery("select m.mangadex_id, m.title, m.slug, m.latest_chapter, "
                        + "m.cover_url, l.added_at, l.manga_id, l.languages, l.groups_only, l.groups_never, l.uploaders_never, "
                        + "l.muted, l.progress, l.progress_updated_at, l.by_reader, array(select i.source_id from "
                        + "library_source_items i join library_sources s on s.id = i.source_id where s.user_id = l.user_id "
                        + "and i.mangadex_id = m.mangadex_id order by i.source_id) as sources "
                        + "from user_library l join manga m on m.id = l.manga_id where l.user_id = :userId "
                        + "order by l.added_at desc, m.id")
                .bind("userId", userId)
                .map(ENTRY)
                .list());
    }
}
