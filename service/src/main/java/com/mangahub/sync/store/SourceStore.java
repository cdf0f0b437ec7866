package com.mangahub.sync.store;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * A reader's library sources (their MangaDex account, MangaDex lists): what each is, its state, its sealed
 * credentials, what it listed last time, and the one transaction that applies a sync to the library.
 */
public final class SourceStore {
    private static final RowMapper<Source> SOURCE = ConstructorMapper.of(Source.class);
    private static final String COLUMNS = "id, user_id, kind, label, list_id, mode, write_back, created_at, "
            + "next_sync_at, last_sync_at, last_success_at, last_added, last_removed, last_progress, last_error, "
            + "paused_reason, paused_at";
    private final Database db;
    private final SealedCredentials sealed;

    public SourceStore(Database db, SecretBox box) {
        this.db = db;
        this.sealed = new SealedCredentials(box);
    }

    /** A source as the reader sees it; never its credentials. */
    public record Source(long id, long userId, String kind, String label, UUID listId, String mode, boolean writeBack,
                         Instant createdAt, Instant nextSyncAt, Instant lastSyncAt, Instant lastSuccessAt,
                         int lastAdded, int lastRemoved, int lastProgress, String lastError, String pausedReason,
                         Instant pausedAt) {
        public boolean mirror() {
            return "mirror".equals(mode);
        }
    }

    /**
     * An account's credentials, only ever held in memory plain; sealed in the database. {@code accessToken} and its
     * expiry are kept too, so another process (or the next sync) need not log in again within its 15 minutes.
     */
    public record Credentials(String clientId, String clientSecret, String username, String password,
                              String refreshToken, String accessToken, Instant accessExpiresAt) {
        public Credentials withTokens(String refresh, String access, Instant expires) {
            return new Credentials(clientId, clientSecret, username, password, refresh, access, expires);
        }

        @Override
        public String toString() {
            return "Credentials[username=" + username + ", secrets=***]";
        }
    }

    public Source create(long userId, String kind, String label, UUID listId, String mode, boolean writeBack,
                         Optional<Credentials> credentials, Instant now) {
        return db.inTransaction(h -> {
            Source s = h.createQuery("insert into library_sources (user_id, kind, label, list_id, mode, write_back, "
                            + "created_at, next_sync_at) values (:userId, :kind, :label, :listId, :mode, :writeBack, :now, :now) "
                            + "returning " + COLUMNS)
                    .bind("userId", userId).bind("kind", kind).bind("label", label).bind("listId", listId)
                    .bind("mode", mode).bind("writeBack", writeBack).bind("now", now)
                    .map(SOURCE).one();
            credentials.ifPresent(c -> saveCredentials(h, s.id(), c, now));
            return s;
        });
    }

    public List<Source> list(long userId) {
        return db.inTransaction(h -> h.createQuery("select " + COLUMNS + " from library_sources where user_id = :userId "
                + "order by id").bind("userId", userId).map(SOURCE).list());
    }

    public Optional<Source> find(long userId, long id) {
        return db.inTransaction(h -> h.createQuery("select " + COLUMNS + " from library_sources where id = :id "
                + "and user_id = :userId").bind("id", id).bind("userId", userId).map(SOURCE).findOne());
    }

    public Optional<Source> find(long id) {
        return db.inTransaction(h -> h.createQuery("select " + COLUMNS + " from library_sources where id = :id")
                .bind("id", id).map(SOURCE).findOne());
    }

    /**
     * Deletes the source with its credentials and its items. Its follows stay: those nothing else holds become the
     * reader's own (removing a source never empties a library).
     */
    public boolean delete(long userId, long id) {
        return db.inTransaction(h -> {
            h.createUpdate("update user_library l set by_reader = true from manga m, library_source_items i "
                            + "where i.source_id = :id and m.mangadex_id = i.mangadex_id and l.manga_id = m.id "
                            + "and l.user_id = :userId and not l.by_reader and not exists (select 1 from library_source_items o "
                            + "join library_sources s on s.id = o.source_id where s.user_id = :userId and s.id <> :id "
                            + "and o.mangadex_id = i.mangadex_id)")
                    .bind("id", id).bind("userId", userId).execute();
            return h.createUpdate("delete from library_sources where id = :id and user_id = :userId")
                    .bind("id", id).bind("userId", userId).execute() == 1;
        });
    }

    /**
     * Claims the source due first (any instance: {@code skip locked}), moving its next sync one interval ahead so no
     * one else takes it meanwhile; empty when none is due.
     */
    public Optional<Source> claimDue(Instant now, Duration interval) {
        return db.inTransaction(h -> h.createQuery("update library_sources set next_sync_at = :next where id = "
                        + "(select id from library_sources where paused_reason is null and next_sync_at <= :now "
                        + "order by next_sync_at limit 1 for update skip locked) returning " + COLUMNS)
                .bind("now", now).bind("next", now.plus(interval)).map(SOURCE).findOne());
    }

    /** Makes the source due now (a reader's "sync now"), and lifts a pause: the reader asks to try again. */
    public void dueNow(long id, Instant now) {
        db.inTransaction(h -> h.createUpdate("update library_sources set next_sync_at = :now, paused_reason = null, "
                + "paused_at = null where id = :id").bind("id", id).bind("now", now).execute());
    }

    /** A sync done; the next is due at {@code next}. */
    public void recordSuccess(long id, int added, int removed, int progress, Instant now, Instant next) {
        db.inTransaction(h -> h.createUpdate("update library_sources set last_sync_at = :now, last_success_at = :now, "
                        + "last_added = :added, last_removed = :removed, last_progress = :progress, last_error = null, "
                        + "next_sync_at = :next where id = :id")
                .bind("id", id).bind("now", now).bind("next", next).bind("added", added).bind("removed", removed)
                .bind("progress", progress).execute());
    }

    /** A failure to retry at the next sync (MangaDex unavailable, rate-limited). */
    public void recordFailure(long id, String error, Instant now, Instant next) {
        db.inTransaction(h -> h.createUpdate("update library_sources set last_sync_at = :now, last_error = :error, "
                + "next_sync_at = :next where id = :id").bind("id", id).bind("now", now).bind("error", error)
                .bind("next", next).execute());
    }

    /** A failure only the reader can mend (credentials refused, a list gone): no more syncs until they act. */
    public void pause(long id, String reason, Instant now) {
        db.inTransaction(h -> h.createUpdate("update library_sources set last_sync_at = :now, last_error = :reason, "
                + "paused_reason = :reason, paused_at = :now where id = :id")
                .bind("id", id).bind("now", now).bind("reason", reason).execute());
    }

    public Optional<Credentials> credentials(long id) {
        return db.inTransaction(h -> h.createQuery("select sealed from library_source_secrets where source_id = :id")
                .bind("id", id).mapTo(byte[].class).findOne().map(sealed::open));
    }

    public void saveCredentials(long id, Credentials c, Instant now) {
        db.inTransaction(h -> {
            saveCredentials(h, id, c, now);
            return null;
        });
    }

    private void saveCredentials(Handle h, long id, Credentials c, Instant now) {
        sealed.save(h, id, c, now);
    }

    /** What the source listed at its last sync: MangaDex id → digest of its read markers (null: none known). */
    public Map<UUID, String> items(long sourceId) {
        return db.inTransaction(h -> {
            Map<UUID, String> out = new HashMap<>();
            h.createQuery("select mangadex_id, read_digest from library_source_items where source_id = :id")
                    .bind("id", sourceId)
                    .map((rs, ctx) -> Map.entry(rs.getObject(1, UUID.class), Optional.ofNullable(rs.getString(2))))
                    .forEach(e -> out.put(e.getKey(), e.getValue().orElse(null)));
            return out;
        });
    }

    /** One sync's result, to apply whole. */
    public record Change(Collection<UUID> follow, Map<UUID, BigDecimal> progress, Set<UUID> listedNow,
                         Map<UUID, String> digests, Set<UUID> removed) {}

    /** What applying changed: follows added, follows removed, progress values moved forward. */
    public record Applied(int added, int removed, int progressSet) {}

    /**
     * Applies a sync in one transaction, through the one bulk follow path ({@link LibraryStore#importAll}): tracking
     * of every new follow starts as it is accepted. A series the source no longer lists is unfollowed only by a
     * mirror source, and only when neither the reader nor another of their sources holds it.
     */
    public Applied apply(Source source, Change change, Instant now) {
        LibraryStore library = new LibraryStore(db);
        return db.inTransaction(h -> {
            LibraryStore.Imported imported = library.importAll(h, source.userId(), change.follow(), change.progress(),
                    now, false);
            int removed = 0;
            if (!change.removed().isEmpty()) {
                h.createUpdate("delete from library_source_items where source_id = :id and mangadex_id = any (:ids)")
                        .bind("id", source.id()).bindArray("ids", UUID.class, List.copyOf(change.removed())).execute();
                if (source.mirror()) removed = h.createUpdate("delete from user_library l using manga m "
                                + "where m.id = l.manga_id and l.user_id = :userId and m.mangadex_id = any (:ids) "
                                + "and not l.by_reader and not exists (select 1 from library_source_items o join "
                                + "library_sources s on s.id = o.source_id where s.user_id = :userId "
                                + "and o.mangadex_id = m.mangadex_id)")
                        .bind("userId", source.userId()).bindArray("ids", UUID.class, List.copyOf(change.removed()))
                        .execute();
            }
            var batch = h.prepareBatch("insert into library_source_items (source_id, mangadex_id, read_digest) "
                    + "values (:id, :manga, :digest) on conflict (source_id, mangadex_id) do update "
                    + "set read_digest = excluded.read_digest");
            for (UUID id : change.listedNow()) {
                batch.bind("id", source.id()).bind("manga", id).bind("digest", change.digests().get(id)).add();
            }
            if (!change.listedNow().isEmpty()) batch.execute();
            // progress that came from the account's own markers needs no writing back
            for (Map.Entry<UUID, BigDecimal> p : change.progress().entrySet()) markWritten(h, source.id(), p.getKey(), p.getValue());
            return new Applied(imported.added().size(), removed, imported.progressSet());
        });
    }

    /** A series whose reading progress here is ahead of what was last written to (or read from) the account. */
    public record PendingMark(UUID mangaDexId, BigDecimal progressKey) {}

    /** The series of this source whose progress moved here since it was last written back. */
    public List<PendingMark> pendingWriteBack(Source source) {
        return db.inTransaction(h -> h.createQuery("select i.mangadex_id, l.progress_key from library_source_items i "
                        + "join manga m on m.mangadex_id = i.mangadex_id join user_library l on l.manga_id = m.id "
                        + "and l.user_id = :userId where i.source_id = :id and l.progress_key is not null "
                        + "and (i.written_key is null or i.written_key < l.progress_key) order by i.mangadex_id")
                .bind("userId", source.userId()).bind("id", source.id())
                .map((rs, ctx) -> new PendingMark(rs.getObject(1, UUID.class), rs.getBigDecimal(2))).list());
    }

    public void markWritten(long sourceId, UUID mangaDexId, BigDecimal key) {
        db.inTransaction(h -> {
            markWritten(h, sourceId, mangaDexId, key);
            return null;
        });
    }

    private static void markWritten(Handle h, long sourceId, UUID mangaDexId, BigDecimal key) {
        h.createUpdate("update library_source_items set written_key = greatest(coalesce(written_key, :key), :key) "
                        + "where source_id = :id and mangadex_id = :manga")
                .bind("id", sourceId).bind("manga", mangaDexId).bind("key", key).execute();
    }
}
