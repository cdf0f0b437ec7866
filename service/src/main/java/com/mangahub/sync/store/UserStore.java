package com.mangahub.sync.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Users: a name, the SHA-256 of their API token (the token itself is never stored), when that token was issued,
 * their languages, and whether the operator disabled them. Changing a token or the disabled mark, or deleting a
 * user, signals every instance through the trigger of migration V15_3 ({@link DatabaseSignals#READERS}).
 */
public final class UserStore {
    private static final String COLUMNS = "id, name, languages, created_at, token_issued_at, disabled_at";
    private static final RowMapper<UserAccount> ACCOUNT = ConstructorMapper.of(UserAccount.class);
    private static final RowMapper<TokenHolder> HOLDER = ConstructorMapper.of(TokenHolder.class);

    private final Database db;

    public UserStore(Database db) {
        this.db = db;
    }

    /** A reader of notifications; {@code disabledAt} is null while the reader may sign in. */
    public record UserAccount(long id, String name, List<String> languages, Instant createdAt, Instant tokenIssuedAt,
                              Instant disabledAt) {
        public boolean disabled() {
            return disabledAt != null;
        }
    }

    /** The token a reader holds now, as stored: its hash and when it was issued. */
    public record TokenHolder(long id, byte[] tokenHash, Instant tokenIssuedAt) {}

    /** Creates a user; empty when the name is taken. */
    public Optional<UserAccount> create(String name, byte[] tokenHash, List<String> languages, Instant now) {
        return db.inTransaction(h -> insert(h, name, tokenHash, languages, now));
    }

    /** {@link #create} inside a transaction of another store's (an invitation redeemed with the reader it makes). */
    static Optional<UserAccount> insert(org.jdbi.v3.core.Handle h, String name, byte[] tokenHash, List<String> languages,
                                        Instant now) {
        return h.createQuery("insert into users (name, token_hash, languages, created_at, "
                        + "token_issued_at) values (:name, :tokenHash, :languages, :now, :now) "
                        + "on conflict (name) do nothing returning " + COLUMNS)
                .bind("name", name)
                .bind("tokenHash", tokenHash)
                .bindArray("languages", String.class, languages)
                .bind("now", now)
                .map(ACCOUNT)
                .findOne();
    }

    /** The user holding this token, disabled or not (the caller decides what a disabled or old token means). */
    public Optional<UserAccount> findByTokenHash(byte[] tokenHash) {
        return db.inTransaction(h -> h.createQuery("select " + COLUMNS + " from users where token_hash = :tokenHash")
                .bind("tokenHash", tokenHash)
                .map(ACCOUNT)
                .findOne());
    }

    public Optional<UserAccount> find(long id) {
        return db.inTransaction(h -> h.createQuery("select " + COLUMNS + " from users where id = :id")
                .bind("id", id)
                .map(ACCOUNT)
                .findOne());
    }

    /** Users by id, after {@code afterId}, at most {@code limit}. */
    public List<UserAccount> list(long afterId, int limit) {
        return db.inTransaction(h -> h.createQuery("select " + COLUMNS + " from users where id > :after "
                        + "order by id limit :limit")
                .bind("after", afterId)
                .bind("limit", limit)
                .map(ACCOUNT)
                .list());
    }

    /**
     * Replaces the user's token if it is still {@code oldHash}; the old hash matches nobody from this commit on.
     * Empty when no such user, or another rotation replaced that token first (two rotations with one token: one wins).
     */
    public Optional<UserAccount> replaceToken(long id, byte[] oldHash, byte[] tokenHash, Instant now) {
        return db.inTransaction(h -> h.createQuery("update users set token_hash = :tokenHash, token_issued_at = :now "
                        + "where id = :id and token_hash = :oldHash returning " + COLUMNS)
                .bind("id", id)
                .bind("oldHash", oldHash)
                .bind("tokenHash", tokenHash)
                .bind("now", now)
                .map(ACCOUNT)
                .findOne());
    }

    /**
     * Marks the user disabled (keeping the first mark when already disabled) and ends their browser sessions; empty
     * when no such user.
     */
    public Optional<UserAccount> disable(long id, Instant now) {
        return db.inTransaction(h -> {
            // browser sessions end for good (enabling the reader again does not sign anyone back in); the API token
            // and app tokens only stop working while the reader is disabled
            h.createUpdate("delete from reader_sessions where user_id = :id").bind("id", id).execute();
            return h.createQuery("update users set disabled_at = coalesce(disabled_at, :now) "
                            + "where id = :id returning " + COLUMNS)
                    .bind("id", id)
                    .bind("now", now)
                    .map(ACCOUNT)
                    .findOne();
        });
    }

    /** Lets a disabled user sign in again with the token they held; empty when no such user. */
    public Optional<UserAccount> enable(long id) {
        return db.inTransaction(h -> h.createQuery("update users set disabled_at = null where id = :id returning "
                        + COLUMNS)
                .bind("id", id)
                .map(ACCOUNT)
                .findOne());
    }

    /**
     * Deletes the user with their notification log and, through foreign keys that cascade, everything else of
     * theirs (library, channels, receipts, sessions); false when none.
     */
    public boolean delete(long id) {
        return db.inTransaction(h -> {
            NotificationStore.deleteLog(h, id);
            return h.createUpdate("delete from users where id = :id").bind("id", id).execute() == 1;
        });
    }

    /** The current tokens of those of {@code ids} who exist and are not disabled, by id. */
    public Map<Long, TokenHolder> activeTokens(Collection<Long> ids) {
        if (ids.isEmpty()) return Map.of();
        return db.inTransaction(h -> h.createQuery("select id, token_hash, token_issued_at from users "
                        + "where id = any(:ids) and disabled_at is null")
                .bindArray("ids", Long.class, ids)
                .map(HOLDER)
                .stream()
                .collect(Collectors.toMap(TokenHolder::id, t -> t)));
    }
}
