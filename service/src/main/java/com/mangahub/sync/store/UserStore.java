package com.mangahub.sync.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** Users: a name, the SHA-256 of their API token (the token itself is never stored) and their languages. */
public final class UserStore {
    private static final String COLUMNS = "id, name, languages, created_at";
    private static final RowMapper<UserAccount> ACCOUNT = ConstructorMapper.of(UserAccount.class);

    private final Database db;

    public UserStore(Database db) {
        this.db = db;
    }

    /** A reader of notifications. */
    public record UserAccount(long id, String name, List<String> languages, Instant createdAt) {}

    /** Creates a user; empty when the name is taken. */
    public Optional<UserAccount> create(String name, byte[] tokenHash, List<String> languages, Instant now) {
        return db.inTransaction(h -> h.createQuery("insert into users (name, token_hash, languages, created_at) "
                        + "values (:name, :tokenHash, :languages, :now) on conflict (name) do nothing "
                        + "returning " + COLUMNS)
                .bind("name", name)
                .bind("tokenHash", tokenHash)
                .bindArray("languages", String.class, languages)
                .bind("now", now)
                .map(ACCOUNT)
                .findOne());
    }

    public Optional<UserAccount> findByTokenHash(byte[] tokenHash) {
        return db.inTransaction(h -> h.createQuery("select " + COLUMNS + " from users where token_hash = :tokenHash")
                .bind("tokenHash", tokenHash)
                .map(ACCOUNT)
                .findOne());
    }
}
